import Type from 'typebox';
import { IsoTime, MAX_ROW_ID, Role } from './common.ts';

export const INCIDENT_KINDS = [
  'fire_alarm',
  'fire_fault',
  'fire_comm_trouble',
  'camera_offline',
  'camera_tampered',
  'area_outage',
  'queue_overload',
  'qr_fraud',
  'transit_rejections',
  'reader_silent',
  'hotline',
  'hotline_deadline',
  /** Opened by hand at the desk: what an operator saw on a camera or heard on the phone. */
  'manual',
] as const;
export const IncidentKind = Type.Enum(INCIDENT_KINDS);
export type IncidentKind = Type.Static<typeof IncidentKind>;

export const SEVERITIES = ['critical', 'major', 'warning', 'info'] as const;
export const Severity = Type.Enum(SEVERITIES);
export type Severity = Type.Static<typeof Severity>;

export const INCIDENT_STATES = ['open', 'acknowledged', 'dispatched', 'resolved', 'closed'] as const;
export const IncidentState = Type.Enum(INCIDENT_STATES);
export type IncidentState = Type.Static<typeof IncidentState>;
/** Incidents someone still has to act on: what "active" means on the wall, in the KPI strip and in replay. */
export const ACTIVE_INCIDENT_STATES = ['open', 'acknowledged', 'dispatched'] as const satisfies readonly IncidentState[];

export const TimelineEntry = Type.Object({
  at: IsoTime,
  type: Type.String({ description: 'opened, repeated, acknowledged, resolved, comment, …' }),
  actor: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
});
export type TimelineEntry = Type.Static<typeof TimelineEntry>;

/** One item of an incident's checklist as it stands: ticked (by whom, when) or not. */
export const ChecklistItem = Type.Object({
  id: Type.String(),
  text: Type.String(),
  required: Type.Boolean(),
  done: Type.Boolean(),
  by: Type.Union([Type.String(), Type.Null()]),
  at: Type.Union([IsoTime, Type.Null()]),
});
export type ChecklistItem = Type.Static<typeof ChecklistItem>;

export const Incident = Type.Object({
  id: Type.Integer(),
  kind: IncidentKind,
  severity: Severity,
  state: IncidentState,
  title: Type.String(),
  deviceId: Type.Union([Type.String(), Type.Null()]),
  area: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  lon: Type.Union([Type.Number(), Type.Null()]),
  openedAt: IsoTime,
  acknowledgedAt: Type.Union([IsoTime, Type.Null()]),
  acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
  resolvedAt: Type.Union([IsoTime, Type.Null()]),
  occurrences: Type.Integer({ minimum: 1 }),
  /** The unit or agency it was dispatched to (`DISPATCH_UNITS` or free text such as a ward team). */
  assignee: Type.Union([Type.String(), Type.Null()]),
  dispatchedAt: Type.Union([IsoTime, Type.Null()]),
  closedAt: Type.Union([IsoTime, Type.Null()]),
  /** The rule that raised it; null for incidents raised by hand or by hotline intake. */
  ruleId: Type.Union([Type.String(), Type.Null()]),
  /** 0 until unacknowledged time escalates it; each step notifies a higher role (`escalatedTo`). */
  escalationLevel: Type.Integer({ minimum: 0 }),
  escalatedTo: Type.Union([Role, Type.Null()]),
  /** When the next escalation step fires if nobody acknowledges; null once acknowledged or at the top. */
  nextEscalationAt: Type.Union([IsoTime, Type.Null()]),
  timeline: Type.Optional(Type.Array(TimelineEntry)),
  /** On GET of one: the standard procedure for its kind, each item ticked or not (GET /api/sops). */
  checklist: Type.Optional(Type.Array(ChecklistItem)),
});
export type Incident = Type.Static<typeof Incident>;

export const IncidentList = Type.Object({ items: Type.Array(Incident) });
export type IncidentList = Type.Static<typeof IncidentList>;

/**
 * POST /api/incidents (dispatcher+): an incident opened by hand. The place comes from the linked
 * ticket or device unless given; a critical one escalates like any other while unacknowledged.
 */
export const CreateIncidentRequest = Type.Object(
  {
    kind: IncidentKind,
    severity: Severity,
    title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    address: Type.Optional(Type.String({ maxLength: 300 })),
    area: Type.Optional(Type.String({ maxLength: 64 })),
    /** A hotline ticket this incident is about: its history records the link. */
    ticketId: Type.Optional(Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 })),
    /** A device this incident is about (e.g. the camera it was seen on). */
    deviceId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type CreateIncidentRequest = Type.Static<typeof CreateIncidentRequest>;

export const ResolveRequest = Type.Object({
  note: Type.String({ minLength: 1, maxLength: 2000 }),
  /**
   * Supervisor+: resolve although required checklist items are unticked; the note is the reason,
   * and the override is on the timeline. Without it such a resolve is 409 CITYOPS_INCIDENT_CHECKLIST_OPEN.
   */
  overrideChecklist: Type.Optional(Type.Boolean()),
});
export type ResolveRequest = Type.Static<typeof ResolveRequest>;

/**
 * Who an incident can be dispatched to: the linked emergency lines, ward staff and the city's
 * operators of each stream. Other text is accepted (a named team); these get icons and filters.
 */
export const DISPATCH_UNITS = ['113', '114', '115', 'ward_staff', 'camera_maintenance', 'transit_operator', 'one_stop_shop'] as const;

export const DispatchRequest = Type.Object({
  assignee: Type.String({ minLength: 1, maxLength: 120 }),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type DispatchRequest = Type.Static<typeof DispatchRequest>;

export const CommentRequest = Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }) });
export type CommentRequest = Type.Static<typeof CommentRequest>;

/** POST /api/incidents/{id}/tickets (dispatcher+): a hotline ticket about this incident, noted on both. */
export const LinkTicketRequest = Type.Object(
  { ticketId: Type.Integer({ minimum: 1, maximum: MAX_ROW_ID }), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type LinkTicketRequest = Type.Static<typeof LinkTicketRequest>;

/**
 * POST /api/incidents/{id}/merge (dispatcher+): this incident is a duplicate of `into`. It is
 * resolved with a `merged_into` entry; `into` gets a `merged` entry and its occurrences.
 */
export const MergeIncidentRequest = Type.Object(
  { into: Type.Integer({ minimum: 1, maximum: MAX_ROW_ID }), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type MergeIncidentRequest = Type.Static<typeof MergeIncidentRequest>;

export const CloseRequest = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) });
export type CloseRequest = Type.Static<typeof CloseRequest>;
