import type { DeviceKind, EscalationStep, FIRE_EVENTS, Hotline, IncidentKind, RuleKind, Severity, TicketState } from '@cityops/contracts';

export { RULE_KINDS, type RuleKind } from '@cityops/contracts';

/** Incident kinds the engine raises: all of them are in the contract's `INCIDENT_KINDS`. */
export type EngineIncidentKind = IncidentKind;

type FireEventName = (typeof FIRE_EVENTS)[number];

/** The thresholds of each rule kind. Every field can be overridden per area and per device. */
export interface RuleParamsByKind {
  /** `events` raise the condition, `clearEvents` end it; any other event (test, heartbeat) changes nothing. */
  'fire-event': { events: FireEventName[]; clearEvents: FireEventName[] };
  /** Same idea for a device's reported status (`device.status` in the event log). */
  'device-status': { statuses: string[]; clearStatuses: string[] };
  /** Silent once nothing was heard for `expectedIntervalMs`; the grace is the rule's `forDurationMs`. */
  heartbeat: { expectedIntervalMs: number };
  /** Over at `waiting ≥ maxWaiting` or `avgWaitSec ≥ maxAvgWaitSec`; under only below `clearRatio` of both (hysteresis). */
  'queue-load': { maxWaiting: number; maxAvgWaitSec: number; clearRatio: number };
  /** A token accepted twice within `windowMs`; `maxTokens` bounds the detector's memory. */
  'transit-replay': { windowMs: number; maxTokens: number };
  /** Rejected share of a reader's taps over `windowMs`, judged only with at least `minTaps`. */
  'transit-rejections': { windowMs: number; minTaps: number; maxRejectedPct: number; clearRejectedPct: number };
  /** At least `minCameras` and `minFraction` of an area's cameras down within `windowMs` of each other. */
  'area-outage': { windowMs: number; minCameras: number; minFraction: number; suppresses: EngineIncidentKind[] };
  /** Which hotlines become incidents and at what severity; tickets in `closedStates` resolve them. */
  hotline: { lines: Partial<Record<Hotline, Severity>>; closedStates: TicketState[] };
}

/** What an area or device override may change besides the params. */
export interface TimingParams {
  forDurationMs: number;
  recoverAfterMs: number;
  enabled: boolean;
}
export type RuleOverride<K extends RuleKind> = Partial<RuleParamsByKind[K] & TimingParams>;
export type ResolvedParams<K extends RuleKind> = RuleParamsByKind[K] & TimingParams;

/** A rule as data: JSON-serialisable, stored in the database and edited by supervisors without a deploy. */
export interface Rule<K extends RuleKind = RuleKind> {
  id: string;
  name: string;
  kind: K;
  enabled: boolean;
  /** The kind of device whose observations the rule reads; null for hotline tickets. */
  deviceKind: DeviceKind | null;
  incidentKind: EngineIncidentKind;
  severity: Severity;
  params: RuleParamsByKind[K];
  /** Pending: how long the condition must hold before firing (Grafana's "for"). */
  forDurationMs: number;
  /** Recovering: how long the condition must stay false before resolving (flap hysteresis). */
  recoverAfterMs: number;
  /** Fire at once, skipping pending, when the condition rose `count` times within `windowMs`. */
  flap?: { count: number; windowMs: number };
  /** No observation for this long while normal or pending: state `nodata` (Grafana's NoData). 0 = never. */
  noDataAfterMs?: number;
  /** Whether a recovery resolves the incident, or only notes it on the timeline for a person to close. */
  autoResolve: boolean;
  /**
   * While its incident stays unacknowledged, notify these roles this long after it opened. Absent:
   * `DEFAULT_CRITICAL_ESCALATION` for critical incidents, none otherwise; `[]`: never escalate.
   */
  escalation?: EscalationStep[];
  overrides?: { byArea?: Record<string, RuleOverride<K>>; byDevice?: Record<string, RuleOverride<K>> };
}

/** Any rule, discriminated on `kind` so `params` narrows. */
export type AnyRule = { [K in RuleKind]: Rule<K> }[RuleKind];

/** True when an override value may replace the default: same JSON type, numbers finite and ≥ 0. */
function fits(def: unknown, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(def)) return Array.isArray(value);
  if (typeof def === 'number') return typeof value === 'number' && Number.isFinite(value) && value >= 0;
  if (typeof def === 'object') return typeof value === 'object' && !Array.isArray(value);
  return typeof def === typeof value;
}

function apply(into: Record<string, unknown>, override: unknown): void {
  if (!override || typeof override !== 'object') return;
  for (const [key, value] of Object.entries(override)) {
    if (key in into && fits(into[key], value)) into[key] = value;
  }
}

/**
 * A rule's thresholds for one subject: device override > area override > rule default. Overrides
 * are supervisor-edited data, so a value of the wrong type is ignored rather than trusted or thrown.
 */
export function resolveParams<K extends RuleKind>(rule: Rule<K>, deviceId: string | null, area: string | null): ResolvedParams<K> {
  const out: Record<string, unknown> = {
    ...rule.params,
    forDurationMs: rule.forDurationMs,
    recoverAfterMs: rule.recoverAfterMs,
    enabled: rule.enabled,
  };
  const byArea = rule.overrides?.byArea;
  const byDevice = rule.overrides?.byDevice;
  if (area !== null && byArea && Object.hasOwn(byArea, area)) apply(out, byArea[area]);
  if (deviceId !== null && byDevice && Object.hasOwn(byDevice, deviceId)) apply(out, byDevice[deviceId]);
  return out as unknown as ResolvedParams<K>;
}
