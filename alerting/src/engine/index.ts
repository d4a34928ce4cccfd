// The pure core of the rule engine: rules as data, alert states, detectors. No I/O.
export { RULE_KINDS, resolveParams } from './rule.ts';
export type { AnyRule, EngineIncidentKind, ResolvedParams, Rule, RuleKind, RuleOverride, RuleParamsByKind, TimingParams } from './rule.ts';
export {
  DEFAULT_RULES,
  DEFAULT_CRITICAL_ESCALATION,
  FIRE_ALARM_ESCALATION,
  CAMERA_HEARTBEAT,
  CAMERA_GROUP_WAIT_MS,
  CAMERA_RECOVER_MS,
  FIRE_PANEL_HEARTBEAT,
} from './default-rules.ts';
export type {
  AreaCamerasObservation,
  DeviceStatusObservation,
  FireEventObservation,
  HeartbeatObservation,
  Observation,
  QueueLoadObservation,
  Tick,
  TicketObservation,
  TransitRejectionsObservation,
  TransitReplayObservation,
  TransitTapObservation,
} from './observation.ts';
export { ALERT_STATES, initialState, isIdle, type AlertState, type AlertStateName } from './state.ts';
export { conditionOf, subjectOf } from './conditions.ts';
export { buildSignal, type EngineSignal } from './signal.ts';
export { evaluate, type EngineAction, type EvaluateContext, type Evaluation } from './evaluate.ts';
export { heartbeatObservation, watchHeartbeats, type HeartbeatWatch, type LastSeen, type SilentDevice } from './heartbeat-watch.ts';
export { areaSuppressor, countCameras, detectAreaOutages, downCameras, largestBurst, type CameraDown } from './area-outage.ts';
export { ReplayWindow, type Tap } from './transit-replay.ts';
export { RejectionRates } from './rejection-rate.ts';
export { TransitDetectors } from './transit-detectors.ts';
export { AlertStore, type AlertChanges } from './alert-store.ts';
export { RuleEngine, type EngineInput } from './rule-engine.ts';
export {
  matches,
  matchersProblem,
  silencerAt,
  windowActive,
  localClock,
  isTimezone,
  DEFAULT_TIMEZONE,
  type SilenceSpec,
  type WindowSpec,
} from './silencing.ts';
