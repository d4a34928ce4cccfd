import { describe, expect, it } from 'vitest';
// Value import in a Node test only; the browser code imports types from contracts (see roles.ts).
import { ROLES, roleAtLeast as contractRoleAtLeast } from '@cityops/contracts';
import { canAcknowledge, ROLE_RANK, roleAtLeast } from './roles.ts';

describe('roles', () => {
  it('ranks roles in the order contracts define them', () => {
    expect(Object.keys(ROLE_RANK).sort((a, b) => ROLE_RANK[a as never] - ROLE_RANK[b as never])).toEqual([...ROLES]);
    for (const a of ROLES) for (const b of ROLES) expect(roleAtLeast(a, b)).toBe(contractRoleAtLeast(a, b));
  });

  it('lets dispatcher and above acknowledge, never a viewer or nobody', () => {
    expect(canAcknowledge('viewer')).toBe(false);
    expect(canAcknowledge('dispatcher')).toBe(true);
    expect(canAcknowledge('supervisor')).toBe(true);
    expect(canAcknowledge('admin')).toBe(true);
    expect(canAcknowledge(undefined)).toBe(false);
  });

  it('refuses a role this build does not know', () => {
    expect(roleAtLeast('root' as never, 'viewer')).toBe(false);
  });
});
