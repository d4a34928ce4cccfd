import Type from 'typebox';
import { DEVICE_KINDS } from '../topics.ts';
import { FIRE_EVENTS } from '../mqtt/fire-event.ts';
import { IsoTime, Role } from './common.ts';
import { IncidentKind, Severity } from './incidents.ts';
import { TicketState } from './tickets.ts';

/**
 * Alert rules as data: what `GET/PUT /api/rules` carry and the `alert_rules` table stores.
 * The alerting engine's `Rule` type is this shape; each rule kind has its own params.
 */
const Ms = Type.Integer({ minimum: 0, maximum: 30 * 24 * 3600_000, description: 'milliseconds' });
const Pct = Type.Number({ minimum: 0, maximum: 100 });
const Ratio = Type.Number({ minimum: 0, maximum: 1 });
const Count = Type.Integer({ minimum: 0, maximum: 10_000_000 });
const FireEventName = Type.Enum(FIRE_EVENTS);
const DeviceStatus = Type.String({ minLength: 1, maxLength: 32 });

export const RULE_PARAMS = {
  'fire-event': Type.Object({ events: Type.Array(FireEventName, { minItems: 1 }), clearEvents: Type.Array(FireEventName) }, { additionalProperties: false }),
  'device-status': Type.Object(
    { statuses: Type.Array(DeviceStatus, { minItems: 1 }), clearStatuses: Type.Array(DeviceStatus) },
    { additionalProperties: false },
  ),
  heartbeat: Type.Object({ expectedIntervalMs: Type.Integer({ minimum: 1000, maximum: 7 * 24 * 3600_000 }) }, { additionalProperties: false }),
  'queue-load': Type.Object({ maxWaiting: Count, maxAvgWaitSec: Count, clearRatio: Ratio }, { additionalProperties: false }),
  'transit-replay': Type.Object({ windowMs: Ms, maxTokens: Type.Integer({ minimum: 1, maximum: 5_000_000 }) }, { additionalProperties: false }),
  'transit-rejections': Type.Object({ windowMs: Ms, minTaps: Count, maxRejectedPct: Pct, clearRejectedPct: Pct }, { additionalProperties: false }),
  'area-outage': Type.Object(
    { windowMs: Ms, minCameras: Type.Integer({ minimum: 1 }), minFraction: Ratio, suppresses: Type.Array(IncidentKind) },
    { additionalProperties: false },
  ),
  hotline: Type.Object(
    {
      lines: Type.Object(
        { '1022': Type.Optional(Severity), '113': Type.Optional(Severity), '114': Type.Optional(Severity), '115': Type.Optional(Severity) },
        { additionalProperties: false },
      ),
      closedStates: Type.Array(TicketState),
    },
    { additionalProperties: false },
  ),
} as const;
export const RULE_KINDS = Object.keys(RULE_PARAMS) as (keyof typeof RULE_PARAMS)[];
export type RuleKind = keyof typeof RULE_PARAMS;

/** One step of an escalation chain: unacknowledged `afterMs` after opening, notify `notify`. */
export const EscalationStep = Type.Object(
  { afterMs: Type.Integer({ minimum: 1000, maximum: 7 * 24 * 3600_000 }), notify: Role },
  { additionalProperties: false },
);
export type EscalationStep = Type.Static<typeof EscalationStep>;

/** What an area or device override may change: any param of the kind plus the timings. */
const Override = Type.Record(Type.String(), Type.Unknown());
const Overrides = Type.Object(
  {
    byArea: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Override)),
    byDevice: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Override)),
  },
  { additionalProperties: false },
);

function ruleOf<K extends RuleKind>(kind: K) {
  return Type.Object(
    {
      id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }),
      name: Type.String({ minLength: 1, maxLength: 120 }),
      kind: Type.Literal(kind),
      enabled: Type.Boolean(),
      deviceKind: Type.Union([Type.Enum(DEVICE_KINDS), Type.Null()]),
      incidentKind: IncidentKind,
      severity: Severity,
      params: RULE_PARAMS[kind],
      /** Pending: how long the condition must hold before firing (Grafana's "for"). */
      forDurationMs: Ms,
      /** Recovering: how long the condition must stay false before the incident recovers (hysteresis). */
      recoverAfterMs: Ms,
      flap: Type.Optional(Type.Object({ count: Type.Integer({ minimum: 2, maximum: 100 }), windowMs: Ms }, { additionalProperties: false })),
      noDataAfterMs: Type.Optional(Ms),
      autoResolve: Type.Boolean(),
      escalation: Type.Optional(Type.Array(EscalationStep, { maxItems: 5 })),
      overrides: Type.Optional(Overrides),
    },
    { additionalProperties: false },
  );
}

/** The schema of a rule of each kind: validate against the one its `kind` names for readable errors. */
export const ALERT_RULE_BY_KIND = Object.fromEntries(RULE_KINDS.map((k) => [k, ruleOf(k)])) as { [K in RuleKind]: ReturnType<typeof ruleOf<K>> };
export const AlertRule = Type.Union(RULE_KINDS.map((k) => ruleOf(k)));

/** A rule as the API shows it: the definition plus where it came from and who last changed it. */
export const AlertRuleView = Type.Object({
  rule: Type.Unknown({ description: 'AlertRule' }),
  builtin: Type.Boolean({ description: 'shipped with cityops; can be reset to the shipped definition' }),
  modified: Type.Boolean({ description: 'differs from the shipped definition' }),
  updatedAt: IsoTime,
  updatedBy: Type.Union([Type.String(), Type.Null()]),
});
export type AlertRuleView = Type.Static<typeof AlertRuleView>;

/**
 * Which alerts a silence or maintenance window holds back. Every given field must match; at least
 * one is required. Fire alarms are life-safety data: only a matcher naming `kind: fire_alarm` and a
 * `deviceId` (a panel under test) holds them back.
 */
export const AlertMatchers = Type.Object(
  {
    ruleId: Type.Optional(Type.String({ maxLength: 64 })),
    kind: Type.Optional(IncidentKind),
    area: Type.Optional(Type.String({ maxLength: 64 })),
    deviceId: Type.Optional(Type.String({ maxLength: 64 })),
    severity: Type.Optional(Severity),
  },
  { additionalProperties: false },
);
export type AlertMatchers = Type.Static<typeof AlertMatchers>;

export const CreateSilenceRequest = Type.Object(
  {
    matchers: AlertMatchers,
    startsAt: Type.Optional(IsoTime),
    endsAt: IsoTime,
    comment: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type CreateSilenceRequest = Type.Static<typeof CreateSilenceRequest>;

export const Silence = Type.Object({
  id: Type.Integer(),
  matchers: AlertMatchers,
  startsAt: IsoTime,
  endsAt: IsoTime,
  comment: Type.String(),
  createdBy: Type.String(),
  createdAt: IsoTime,
  /** pending before `startsAt`, active until `endsAt` (or until ended early), then expired. */
  status: Type.Enum(['pending', 'active', 'expired'] as const),
});
export type Silence = Type.Static<typeof Silence>;

/** A weekly recurrence in local time: `days` are ISO weekdays (1 = Monday … 7 = Sunday). */
export const WeeklySchedule = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7 }),
    start: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM local time' }),
    durationMin: Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 }),
    timezone: Type.Optional(Type.String({ default: 'Asia/Ho_Chi_Minh', maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type WeeklySchedule = Type.Static<typeof WeeklySchedule>;

export const CreateMaintenanceWindowRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    matchers: AlertMatchers,
    schedule: WeeklySchedule,
    validUntil: Type.Optional(IsoTime),
    comment: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type CreateMaintenanceWindowRequest = Type.Static<typeof CreateMaintenanceWindowRequest>;

export const MaintenanceWindow = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  matchers: AlertMatchers,
  schedule: WeeklySchedule,
  validUntil: Type.Union([IsoTime, Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.String(),
  createdAt: IsoTime,
  /** Whether the window holds alerts back right now. */
  activeNow: Type.Boolean(),
});
export type MaintenanceWindow = Type.Static<typeof MaintenanceWindow>;

/** The live alert states (Grafana's vocabulary) for `GET /api/alerts`. */
export const ALERT_STATE_NAMES = ['normal', 'pending', 'firing', 'recovering', 'nodata'] as const;
export const AlertStateView = Type.Object({
  ruleId: Type.String(),
  subject: Type.String(),
  state: Type.Enum(ALERT_STATE_NAMES),
  since: IsoTime,
  incident: Type.Enum(['none', 'open', 'suppressed'] as const),
  suppressedBy: Type.Union([Type.String(), Type.Null()]),
});
export type AlertStateView = Type.Static<typeof AlertStateView>;
