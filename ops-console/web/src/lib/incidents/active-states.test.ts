import { describe, expect, it } from 'vitest';
import { ACTIVE_INCIDENT_STATES as CONTRACT } from '@cityops/contracts';
import { ACTIVE_INCIDENT_STATES } from './active-states.ts';

describe('ACTIVE_INCIDENT_STATES', () => {
  it("is the contract's list", () => {
    expect([...ACTIVE_INCIDENT_STATES]).toEqual([...CONTRACT]);
  });
});
