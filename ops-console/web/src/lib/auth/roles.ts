import type { Role } from '@cityops/contracts';

/**
 * Each role includes the ones before it (docs/api.md): a supervisor may do what a dispatcher may.
 * Mirrors `ROLES` / `roleAtLeast` in contracts, which cannot be imported as values: that module builds
 * TypeBox schemas at load and would pull the validator into the browser bundle (one value import once
 * doubled the map view's chunk). `Record<Role, …>` makes tsc fail if the two ever disagree on the set
 * of roles; roles.test.ts checks the order against contracts.
 */
export const ROLE_RANK: Readonly<Record<Role, number>> = { viewer: 0, dispatcher: 1, supervisor: 2, admin: 3 };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return (ROLE_RANK[role] ?? -1) >= ROLE_RANK[needed];
}

/** Acknowledging is for dispatchers and above; a viewer watches the wall. */
export function canAcknowledge(role: Role | undefined): boolean {
  return role !== undefined && roleAtLeast(role, 'dispatcher');
}
