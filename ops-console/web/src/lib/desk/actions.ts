import type { Incident, IncidentState, Role } from '@cityops/contracts';
import { roleAtLeast } from '../auth/roles.ts';
import { ACTIVE_INCIDENT_STATES } from '../incidents/active-states.ts';

/** What a person can do to an incident from the desk. */
export type DeskAction = 'ack' | 'dispatch' | 'resolve' | 'close' | 'comment' | 'handoff' | 'silence' | 'link' | 'merge';

/** The lifecycle the server enforces (docs/api.md, "Lifecycle"): which action each state allows. */
const BY_STATE: Readonly<Record<IncidentState, readonly DeskAction[]>> = {
  open: ['ack', 'dispatch', 'resolve', 'comment', 'link', 'merge'],
  acknowledged: ['dispatch', 'resolve', 'comment', 'link', 'merge'],
  // Dispatching again hands it to another unit.
  dispatched: ['dispatch', 'resolve', 'comment', 'link', 'merge'],
  resolved: ['close', 'comment', 'link'],
  closed: [],
};

const NONE: ReadonlySet<DeskAction> = new Set();

/** A fire can be handed to 114, with its building, while it is still active. */
const HANDOFF_STATES = ACTIVE_INCIDENT_STATES;
export const isFireIncident = (kind: string): boolean => kind.startsWith('fire_');

/** Every action is for dispatchers and above; a viewer gets none, so none is shown. */
export function availableActions(incident: Pick<Incident, 'state' | 'kind'> | null | undefined, role: Role | undefined): ReadonlySet<DeskAction> {
  if (!incident || !role || !roleAtLeast(role, 'dispatcher')) return NONE;
  const actions = new Set(BY_STATE[incident.state] ?? []);
  if (isFireIncident(incident.kind) && HANDOFF_STATES.has(incident.state)) actions.add('handoff');
  // Supervisors hold back what an incident's alarms will raise next (a camera under repair, a panel under test).
  if (roleAtLeast(role, 'supervisor') && incident.state !== 'closed') actions.add('silence');
  return actions;
}
