import type { EscalationStep } from '@cityops/contracts';
import type { AnyRule } from './rule.ts';

const SEC = 1000;
const MIN = 60 * SEC;

/** A camera reports at least every 30 s (its status topic); three missed beats (90 s) make it offline. */
export const CAMERA_HEARTBEAT = { expectedIntervalMs: 30 * SEC, graceMs: 60 * SEC } as const;
/** Sample fire panels beat every 5 min; NFPA 72 supervises paths at least hourly, we are stricter. */
export const FIRE_PANEL_HEARTBEAT = { expectedIntervalMs: 5 * MIN, graceMs: 5 * MIN } as const;
/** Flap hysteresis: online 5 min before an offline incident recovers, so a flapping link stays one incident. */
export const CAMERA_RECOVER_MS = 5 * MIN;
/** A camera's offline status waits this long so an area outage can gather its cameras first. */
export const CAMERA_GROUP_WAIT_MS = 2 * MIN;
const cameraFlap = { count: 3, windowMs: 10 * MIN };

/**
 * Unacknowledged critical incidents climb the chain: the shift supervisor, then the center's
 * director (admin). Fire alarms go faster, 60 s then 3 min: the first minutes of a fire decide the most.
 */
export const DEFAULT_CRITICAL_ESCALATION = [
  { afterMs: 2 * MIN, notify: 'supervisor' },
  { afterMs: 5 * MIN, notify: 'admin' },
] as const satisfies readonly EscalationStep[];
export const FIRE_ALARM_ESCALATION = [
  { afterMs: 60 * SEC, notify: 'supervisor' },
  { afterMs: 3 * MIN, notify: 'admin' },
] as const satisfies readonly EscalationStep[];

/**
 * The rules cityops ships. Numbers are sample operating assumptions, documented in the
 * alerting README's table; supervisors tune them per area or device through overrides.
 */
export const DEFAULT_RULES: readonly AnyRule[] = [
  {
    id: 'fire-alarm',
    name: 'Fire alarm',
    kind: 'fire-event',
    enabled: true,
    deviceKind: 'fire',
    incidentKind: 'fire_alarm',
    severity: 'critical',
    params: { events: ['alarm'], clearEvents: ['restore'] },
    // At once (NFPA 72: displayed within 90 s); a restore is noted, a person closes the incident.
    forDurationMs: 0,
    recoverAfterMs: 0,
    autoResolve: false,
    escalation: [...FIRE_ALARM_ESCALATION],
  },
  {
    id: 'fire-fault',
    name: 'Fire panel fault or supervisory',
    kind: 'fire-event',
    enabled: true,
    deviceKind: 'fire',
    incidentKind: 'fire_fault',
    severity: 'warning',
    params: { events: ['fault', 'supervisory'], clearEvents: ['restore'] },
    forDurationMs: 0,
    recoverAfterMs: 0,
    autoResolve: true,
  },
  {
    id: 'fire-comm-trouble',
    name: 'Fire panel communication trouble',
    kind: 'heartbeat',
    enabled: true,
    deviceKind: 'fire',
    incidentKind: 'fire_comm_trouble',
    severity: 'major',
    params: { expectedIntervalMs: FIRE_PANEL_HEARTBEAT.expectedIntervalMs },
    forDurationMs: FIRE_PANEL_HEARTBEAT.graceMs,
    recoverAfterMs: 0,
    autoResolve: true,
  },
  {
    id: 'camera-offline',
    name: 'Camera reports offline',
    kind: 'device-status',
    enabled: true,
    deviceKind: 'camera',
    incidentKind: 'camera_offline',
    severity: 'warning',
    params: { statuses: ['offline'], clearStatuses: ['online', 'degraded', 'tampered'] },
    forDurationMs: CAMERA_GROUP_WAIT_MS,
    recoverAfterMs: CAMERA_RECOVER_MS,
    flap: cameraFlap,
    autoResolve: true,
  },
  {
    id: 'camera-silent',
    name: 'Camera silent past its heartbeat',
    kind: 'heartbeat',
    enabled: true,
    deviceKind: 'camera',
    // Same incident kind (and so dedup key) as a reported offline: one incident per camera either way.
    incidentKind: 'camera_offline',
    severity: 'warning',
    params: { expectedIntervalMs: CAMERA_HEARTBEAT.expectedIntervalMs },
    forDurationMs: CAMERA_HEARTBEAT.graceMs,
    recoverAfterMs: CAMERA_RECOVER_MS,
    flap: cameraFlap,
    autoResolve: true,
  },
  {
    id: 'camera-tampered',
    name: 'Camera tampered',
    kind: 'device-status',
    enabled: true,
    deviceKind: 'camera',
    incidentKind: 'camera_tampered',
    severity: 'major',
    params: { statuses: ['tampered'], clearStatuses: ['online', 'degraded'] },
    // Someone moved or covered it: a person checks the picture before closing.
    forDurationMs: 0,
    recoverAfterMs: CAMERA_RECOVER_MS,
    flap: cameraFlap,
    autoResolve: false,
  },
  {
    id: 'area-camera-outage',
    name: 'Many cameras of one area offline',
    kind: 'area-outage',
    enabled: true,
    deviceKind: 'camera',
    incidentKind: 'area_outage',
    severity: 'major',
    params: { windowMs: 2 * MIN, minCameras: 10, minFraction: 0.3, suppresses: ['camera_offline'] },
    forDurationMs: 0,
    recoverAfterMs: CAMERA_RECOVER_MS,
    autoResolve: true,
  },
  {
    id: 'queue-overload',
    name: 'One-stop-shop queue overloaded',
    kind: 'queue-load',
    enabled: true,
    deviceKind: 'queue',
    incidentKind: 'queue_overload',
    severity: 'warning',
    params: { maxWaiting: 40, maxAvgWaitSec: 45 * 60, clearRatio: 0.8 },
    // Kiosks report every 60 s: ten silent minutes is no data, not "no queue".
    forDurationMs: 10 * MIN,
    recoverAfterMs: 5 * MIN,
    noDataAfterMs: 10 * MIN,
    autoResolve: true,
  },
  {
    id: 'transit-replay',
    name: 'QR ticket accepted twice',
    kind: 'transit-replay',
    enabled: true,
    deviceKind: 'transit',
    // Sample assumption: a dynamic QR token is valid for at most 60 s.
    incidentKind: 'qr_fraud',
    severity: 'warning',
    params: { windowMs: 60 * SEC, maxTokens: 200_000 },
    // Further replays of the token within 10 min join the incident; inspectors close it.
    forDurationMs: 0,
    recoverAfterMs: 10 * MIN,
    autoResolve: false,
  },
  {
    id: 'transit-rejections',
    name: 'Reader rejection rate spike',
    kind: 'transit-rejections',
    enabled: true,
    deviceKind: 'transit',
    incidentKind: 'transit_rejections',
    severity: 'warning',
    params: { windowMs: 5 * MIN, minTaps: 20, maxRejectedPct: 30, clearRejectedPct: 20 },
    forDurationMs: 0,
    recoverAfterMs: 5 * MIN,
    autoResolve: true,
  },
  {
    // Off by default until service hours exist: every reader would otherwise page at night.
    id: 'reader-silent',
    name: 'Transit reader silent',
    kind: 'heartbeat',
    enabled: false,
    deviceKind: 'transit',
    // Readers only speak when tapped: 10 + 5 = 15 min without a tap. Service hours are not modelled
    // yet, so at night this rule needs a maintenance window (see README).
    incidentKind: 'reader_silent',
    severity: 'info',
    params: { expectedIntervalMs: 10 * MIN },
    forDurationMs: 5 * MIN,
    recoverAfterMs: 0,
    autoResolve: true,
  },
  {
    id: 'hotline-emergency',
    name: 'Emergency hotline ticket',
    kind: 'hotline',
    enabled: true,
    deviceKind: null,
    // 1022 is the city's information line: its tickets go to departments, not to the incident wall.
    incidentKind: 'hotline',
    severity: 'major',
    params: { lines: { '113': 'major', '114': 'critical', '115': 'critical' }, closedStates: ['answered', 'closed'] },
    forDurationMs: 0,
    recoverAfterMs: 0,
    autoResolve: true,
  },
];
