import { ACTIVE_INCIDENT_STATES } from '@cityops/contracts';

/**
 * The active states as an SQL list, for predicates written into statements. It must read exactly as
 * the partial unique index's predicate (migration 0003: incidents_live_dedup_idx) for ON CONFLICT to
 * use that index, so it is spelled out from the one constant rather than passed as a parameter.
 */
export const ACTIVE_STATES_SQL = `(${ACTIVE_INCIDENT_STATES.map((s) => `'${s}'`).join(',')})`;
