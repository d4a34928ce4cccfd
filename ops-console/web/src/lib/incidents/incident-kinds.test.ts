import { describe, expect, it } from 'vitest';
import { INCIDENT_KINDS, SEVERITIES } from '@cityops/contracts';
import { INCIDENT_KIND_LIST, SEVERITY_LIST } from './incident-kinds.ts';

describe('the kinds and severities offered at the desk', () => {
  it("are the contract's, every one", () => {
    expect([...INCIDENT_KIND_LIST].sort()).toEqual([...INCIDENT_KINDS].sort());
    expect([...SEVERITY_LIST]).toEqual([...SEVERITIES]);
  });
});
