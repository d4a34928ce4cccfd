import type { IncidentState } from '@cityops/contracts';

/**
 * Incidents someone still has to act on: on the wall, at the desk (a fire can still be handed to
 * 114) and in replay. Restated from contracts' ACTIVE_INCIDENT_STATES, whose values stay out of the
 * bundle (ops-console/web/README.md); active-states.test.ts pins the two together.
 */
export const ACTIVE_INCIDENT_STATES: ReadonlySet<IncidentState> = new Set(['open', 'acknowledged', 'dispatched']);
