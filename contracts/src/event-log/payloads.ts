import Type from 'typebox';
import { IsoTime } from '../http/common.ts';
import { FIRE_DETECTORS, FIRE_EVENTS } from '../mqtt/fire-event.ts';
import { TAP_RESULTS } from '../mqtt/transit-tap.ts';
import {
  DeviceRegistryEvent,
  DeviceStatusEvent,
  IncidentEvent,
  NotificationEvent,
  QueueLoadEvent,
  TicketEvent,
  TransitRidershipEvent,
} from '../realtime/events.ts';

/**
 * The event log (a transactional outbox, table `event_log`): what each topic's payload is. Writers
 * append `{ topic, payload }` checked against this map at compile time; readers get a union they
 * narrow by topic. A topic streamed to browsers stores exactly its Socket.IO event without `sseq`
 * (the log id becomes the `sseq`), so one schema serves both.
 *
 * Device events name the device `id`, except `fire.event`, whose `deviceId` is read by alerting's
 * fire rules and by the replay and KPI queries over the stored JSON; renaming it would need every
 * stored row and those queries to change together.
 */
export const FireEventLogged = Type.Object({
  deviceId: Type.String(),
  seq: Type.Integer({ minimum: 0 }),
  event: Type.Enum(FIRE_EVENTS),
  zone: Type.Optional(Type.String()),
  detector: Type.Optional(Type.Enum(FIRE_DETECTORS)),
  smokeObscurationPct: Type.Optional(Type.Number()),
  temperatureC: Type.Optional(Type.Number()),
  /** The device's area at ingest; alerting takes the place from the registry when it is absent. */
  area: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  at: IsoTime,
});
export type FireEventLogged = Type.Static<typeof FireEventLogged>;

/** Every tap, for alerting's replay and rejection-rate detectors (the console does not stream taps). */
export const TransitTapLogged = Type.Object({
  id: Type.String(),
  token: Type.String(),
  result: Type.Enum(TAP_RESULTS),
  routeId: Type.String(),
  stopId: Type.Optional(Type.String()),
  vehicleId: Type.Optional(Type.String()),
  area: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  at: IsoTime,
});
export type TransitTapLogged = Type.Static<typeof TransitTapLogged>;

/** Rules, silences or maintenance windows changed: alerting reloads them at this point of the log. */
export const AlertingConfigChanged = Type.Object({
  what: Type.String(),
  id: Type.Union([Type.String(), Type.Integer()]),
  by: Type.String(),
});
export type AlertingConfigChanged = Type.Static<typeof AlertingConfigChanged>;

const unsequenced = <T extends Type.TObject>(schema: T) => Type.Omit(schema, ['sseq']);

export const EVENT_LOG_SCHEMAS = {
  'fire.event': FireEventLogged,
  'transit.tap': TransitTapLogged,
  'alerting.config': AlertingConfigChanged,
  'device.status': unsequenced(DeviceStatusEvent),
  'device.registry': unsequenced(DeviceRegistryEvent),
  'queue.load': unsequenced(QueueLoadEvent),
  'incident.opened': unsequenced(IncidentEvent),
  'incident.updated': unsequenced(IncidentEvent),
  'ticket.opened': unsequenced(TicketEvent),
  'ticket.updated': unsequenced(TicketEvent),
  'transit.ridership': unsequenced(TransitRidershipEvent),
  'notification.console': unsequenced(NotificationEvent),
} as const;

/** Topic → payload of the event log. */
export type EventLogPayloads = { [T in keyof typeof EVENT_LOG_SCHEMAS]: Type.Static<(typeof EVENT_LOG_SCHEMAS)[T]> };
export type EventTopic = keyof EventLogPayloads;

/** One entry to append: the payload must be its topic's. */
export type EventLogEntry<T extends EventTopic = EventTopic> = { [K in T]: { topic: K; payload: EventLogPayloads[K] } }[T];

/** An entry as read back: its log id (the realtime `sseq`) and when its transaction began. */
export type LoggedEvent<T extends EventTopic = EventTopic> = { [K in T]: { id: number; at: Date; topic: K; payload: EventLogPayloads[K] } }[T];

export const EVENT_TOPICS = Object.keys(EVENT_LOG_SCHEMAS) as EventTopic[];
