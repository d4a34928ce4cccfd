import Type from 'typebox';
import { Device, DEVICE_REGISTRY_CHANGES, DeviceKindSchema, DeviceStatus } from '../http/devices.ts';
import { Incident } from '../http/incidents.ts';
import { IsoTime, Role } from '../http/common.ts';
import { NotificationReason } from '../http/notifications.ts';
import { Ticket } from '../http/tickets.ts';

/** Socket.IO namespace of the console (docs/api.md, "Realtime: Socket.IO `/ops`"). */
export const OPS_NAMESPACE = '/ops';

/** Every server event carries `sseq`: a server sequence a reconnecting client resumes from. */
const Sequenced = { sseq: Type.Integer({ minimum: 1 }) };

export const DeviceStatusEvent = Type.Object({
  ...Sequenced,
  id: Type.String(),
  kind: DeviceKindSchema,
  status: DeviceStatus,
  /** The status it left (replay rolls the registry back through it); absent from older servers. */
  previous: Type.Optional(DeviceStatus),
  lat: Type.Number(),
  lon: Type.Number(),
  area: Type.Union([Type.String(), Type.Null()]),
  at: IsoTime,
});
export type DeviceStatusEvent = Type.Static<typeof DeviceStatusEvent>;

/**
 * Beyond the plain `/ops` stream, sent only to clients whose handshake asks for it (`auth.batch:
 * ['device:status']`): a run of consecutive `device:status` events as one message. Each item keeps
 * its own `sseq`; the batch's `sseq` is its last item's. The client acknowledges each batch once it
 * has applied it; until then the server holds what follows and sends it merged, so a busy fleet
 * (thousands of changes a second) costs a slow browser one message per frame, not one per change.
 */
export const DeviceStatusBatchEvent = Type.Object({
  ...Sequenced,
  items: Type.Array(DeviceStatusEvent, { minItems: 1 }),
});
export type DeviceStatusBatchEvent = Type.Static<typeof DeviceStatusBatchEvent>;

/**
 * Beyond the plain `/ops` stream: the registry changed. A device was provisioned (`added`), revoked (it can
 * no longer connect; maps drop it), or had a new secret issued after a revocation (`restored`).
 * `device` is the registry's record after the change, as `GET /api/devices/{id}` gives it.
 */
export const DeviceRegistryEvent = Type.Object({
  ...Sequenced,
  change: Type.Enum(DEVICE_REGISTRY_CHANGES),
  device: Device,
  at: IsoTime,
});
export type DeviceRegistryEvent = Type.Static<typeof DeviceRegistryEvent>;

export const IncidentEvent = Type.Object({ ...Sequenced, incident: Incident });
export type IncidentEvent = Type.Static<typeof IncidentEvent>;

export const QueueLoadEvent = Type.Object({
  ...Sequenced,
  id: Type.String(),
  waiting: Type.Integer(),
  serving: Type.Integer(),
  countersOpen: Type.Integer(),
  avgWaitSec: Type.Number(),
  /** Citizens' satisfaction as the kiosk last reported it (0–100), when it reports one. */
  satisfactionPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  at: IsoTime,
});
export type QueueLoadEvent = Type.Static<typeof QueueLoadEvent>;

/** The KPI strip: figures the leaders track, computed by the server every few seconds. */
export const KpiTickEvent = Type.Object({
  ...Sequenced,
  at: IsoTime,
  devicesByStatus: Type.Record(Type.String(), Type.Integer()),
  openIncidents: Type.Integer(),
  messagesPerSecond: Type.Number(),
  /** Cameras whose latest status is online, of all registered cameras (0–100); null without cameras. */
  camerasOnlinePct: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  /** Active incidents (open, acknowledged, dispatched) by severity. */
  incidentsBySeverity: Type.Optional(Type.Record(Type.String(), Type.Integer())),
  /** Mean time to acknowledge over incidents opened in the last 24 h, seconds; null if none acknowledged. */
  mttaSec: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  /** QR taps stored in the last full minute. */
  qrTapsPerMin: Type.Optional(Type.Integer()),
  /** Citizens waiting now over all one-stop-shop offices (latest report of each, last 15 min). */
  queueWaiting: Type.Optional(Type.Integer()),
  /** 90th percentile of the offices' average wait, seconds; null when no office reported. */
  queueP90WaitSec: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  /** Share of hotline tickets within their deadline (0–100); null until tickets flow. */
  hotlineCompliancePct: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
});
export type KpiTickEvent = Type.Static<typeof KpiTickEvent>;

export const TicketEvent = Type.Object({ ...Sequenced, ticket: Ticket });
export type TicketEvent = Type.Static<typeof TicketEvent>;

/** Taps per route and stop over the last bucket, for the ridership heat layer. */
export const TransitRidershipEvent = Type.Object({
  ...Sequenced,
  bucket: IsoTime,
  bucketSeconds: Type.Integer({ minimum: 1 }),
  stops: Type.Array(
    Type.Object({
      routeId: Type.String(),
      stopId: Type.Union([Type.String(), Type.Null()]),
      lat: Type.Number(),
      lon: Type.Number(),
      taps: Type.Integer({ minimum: 0 }),
    }),
  ),
});
export type TransitRidershipEvent = Type.Static<typeof TransitRidershipEvent>;

/**
 * A notification to a console contact point: a banner for consoles of `role` and above (the
 * message is about incidents every console already shows, so every client receives it and the
 * page decides whether its user is meant).
 */
export const NotificationEvent = Type.Object({
  ...Sequenced,
  role: Role,
  reason: NotificationReason,
  text: Type.String(),
  link: Type.String(),
  incidentId: Type.Union([Type.Integer(), Type.Null()]),
  contactPoint: Type.String(),
  at: IsoTime,
});
export type NotificationEvent = Type.Static<typeof NotificationEvent>;

/** Typed server → client event map (socket.io's `ServerToClientEvents`). */
export interface OpsServerEvents {
  'device:status': (e: DeviceStatusEvent) => void;
  /** Opt-in batches of `device:status` (see DeviceStatusBatchEvent); the client acks each once applied. */
  'device:statusBatch': (e: DeviceStatusBatchEvent, ack: () => void) => void;
  'device:registry': (e: DeviceRegistryEvent) => void;
  'incident:opened': (e: IncidentEvent) => void;
  'incident:updated': (e: IncidentEvent) => void;
  'queue:load': (e: QueueLoadEvent) => void;
  'kpi:tick': (e: KpiTickEvent) => void;
  'ticket:opened': (e: TicketEvent) => void;
  'ticket:updated': (e: TicketEvent) => void;
  'transit:ridership': (e: TransitRidershipEvent) => void;
  'notification:received': (e: NotificationEvent) => void;
  /** Sent once after connect: the replay (if any) is complete; `sseq` is the server's latest. */
  'replay:done': (e: { sseq: number; replayed: number; complete: boolean }) => void;
}
export type OpsEventName = keyof OpsServerEvents;

/** Client → server: nothing yet; resume point travels in the handshake `auth.lastSseq`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface OpsClientEvents {}

export const OPS_EVENT_SCHEMAS = {
  'device:status': DeviceStatusEvent,
  'device:statusBatch': DeviceStatusBatchEvent,
  'device:registry': DeviceRegistryEvent,
  'incident:opened': IncidentEvent,
  'incident:updated': IncidentEvent,
  'queue:load': QueueLoadEvent,
  'kpi:tick': KpiTickEvent,
  'ticket:opened': TicketEvent,
  'ticket:updated': TicketEvent,
  'transit:ridership': TransitRidershipEvent,
  'notification:received': NotificationEvent,
} as const;
