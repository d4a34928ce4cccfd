import Type from 'typebox';
import { IsoTime } from './common.ts';

export const INCIDENT_KINDS = [
  'fire_alarm', 'fire_fault', 'fire_comm_trouble', 'camera_offline', 'camera_tampered', 'area_outage',
  'queue_overload', 'qr_fraud', 'transit_rejections', 'reader_silent', 'hotline',
] as const;
export const IncidentKind = Type.Enum(INCIDENT_KINDS);
export type IncidentKind = Type.Static<typeof IncidentKind>;

export const SEVERITIES = ['critical', 'major', 'warning', 'info'] as const;
export const Severity = Type.Enum(SEVERITIES);
export type Severity = Type.Static<typeof Severity>;

export const INCIDENT_STATES = ['open', 'acknowledged', 'dispatched', 'resolved', 'closed'] as const;
export const IncidentState = Type.Enum(INCIDENT_STATES);
export type IncidentState = Type.Static<typeof IncidentState>;

export const TimelineEntry = Type.Object({
  at: IsoTime,
  type: Type.String({ description: 'opened, repeated, acknowledged, resolved, comment, …' }),
  actor: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
});
export type TimelineEntry = Type.Static<typeof TimelineEntry>;

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
  timeline: Type.Optional(Type.Array(TimelineEntry)),
});
export type Incident = Type.Static<typeof Incident>;

export const IncidentList = Type.Object({ items: Type.Array(Incident) });
export type IncidentList = Type.Static<typeof IncidentList>;

export const ResolveRequest = Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) });
export type ResolveRequest = Type.Static<typeof ResolveRequest>;
