import type { Incident, IncidentState, Role } from '@cityops/contracts';
import { roleAtLeast } from '../auth/roles.ts';

/** What a person can do to an incident from the desk. */
export type DeskAction = 'ack' | 'dispatch' | 'resolve' | 'close' | 'comment';

/** The lifecycle the server enforces (contract §4, issue 4): which action each state allows. */
const BY_STATE: Readonly<Record<IncidentState, readonly DeskAction[]>> = {
  open: ['ack', 'dispatch', 'resolve', 'comment'],
  acknowledged: ['dispatch', 'resolve', 'comment'],
  // Dispatching again hands it to another unit.
  dispatched: ['dispatch', 'resolve', 'comment'],
  resolved: ['close', 'comment'],
  closed: [],
};

const NONE: ReadonlySet<DeskAction> = new Set();

/** Every action is for dispatchers and above; a viewer gets none, so none is shown. */
export function availableActions(incident: Pick<Incident, 'state'> | null | undefined, role: Role | undefined): ReadonlySet<DeskAction> {
  if (!incident || !role || !roleAtLeast(role, 'dispatcher')) return NONE;
  return new Set(BY_STATE[incident.state] ?? []);
}
