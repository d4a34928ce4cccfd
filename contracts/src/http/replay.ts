import Type from 'typebox';
import { DEVICE_REGISTRY_CHANGES, DeviceKindSchema, DeviceStatus } from './devices.ts';
import { Incident } from './incidents.ts';
import { IsoTime, MAX_ROW_ID } from './common.ts';

/**
 * Replay: the city as it was at a time within the last 24 hours, and what changed
 * after. `sseq` boundaries tie the three reads together: the devices and incidents of `at` are the
 * state after every event with sseq ≤ `sseq`, and the event stream carries the events after it.
 */
export const REPLAY_WINDOW_MS = 24 * 3600_000;

export const ReplayDevice = Type.Object({
  id: Type.String(),
  kind: DeviceKindSchema,
  status: DeviceStatus,
  lat: Type.Number(),
  lon: Type.Number(),
  area: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
});
export type ReplayDevice = Type.Static<typeof ReplayDevice>;

export const ReplayDevicesQuery = Type.Object({
  at: IsoTime,
  /** The last id of the previous page. */
  after: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20_000 })),
});
export type ReplayDevicesQuery = Type.Static<typeof ReplayDevicesQuery>;

export const ReplayDevicesPage = Type.Object({
  at: IsoTime,
  sseq: Type.Integer({ minimum: 0 }),
  items: Type.Array(ReplayDevice),
  /** Pass as `after` for the next page; null on the last one. */
  next: Type.Union([Type.String(), Type.Null()]),
});
export type ReplayDevicesPage = Type.Static<typeof ReplayDevicesPage>;

export const ReplayIncidentsQuery = Type.Object({ at: IsoTime });
export type ReplayIncidentsQuery = Type.Static<typeof ReplayIncidentsQuery>;

export const ReplayIncidents = Type.Object({
  at: IsoTime,
  sseq: Type.Integer({ minimum: 0 }),
  /** Incidents active (open, acknowledged, dispatched) at `at`. */
  items: Type.Array(Incident),
});
export type ReplayIncidents = Type.Static<typeof ReplayIncidents>;

export const ReplayEventsQuery = Type.Object({
  from: IsoTime,
  to: IsoTime,
  /** The last sseq of the previous page. */
  after: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_ROW_ID })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20_000 })),
});
export type ReplayEventsQuery = Type.Static<typeof ReplayEventsQuery>;

/** `at`: when the event was logged, rounded up to the millisecond. */
export const ReplayDeviceEvent = Type.Object({
  sseq: Type.Integer({ minimum: 1 }),
  at: IsoTime,
  type: Type.Literal('device'),
  id: Type.String(),
  kind: DeviceKindSchema,
  status: DeviceStatus,
  /** The status it left; null for events logged before replay existed. */
  previous: Type.Union([DeviceStatus, Type.Null()]),
  lat: Type.Number(),
  lon: Type.Number(),
  area: Type.Union([Type.String(), Type.Null()]),
});
export type ReplayDeviceEvent = Type.Static<typeof ReplayDeviceEvent>;

export const ReplayIncidentEvent = Type.Object({
  sseq: Type.Integer({ minimum: 1 }),
  at: IsoTime,
  type: Type.Literal('incident'),
  incident: Incident,
});
export type ReplayIncidentEvent = Type.Static<typeof ReplayIncidentEvent>;

/** The registry changed (device.registry): `device` is the record after the change; `revoked` removes it. */
export const ReplayRegistryEvent = Type.Object({
  sseq: Type.Integer({ minimum: 1 }),
  at: IsoTime,
  type: Type.Literal('registry'),
  change: Type.Enum(DEVICE_REGISTRY_CHANGES),
  device: ReplayDevice,
});
export type ReplayRegistryEvent = Type.Static<typeof ReplayRegistryEvent>;

export const ReplayEvent = Type.Union([ReplayDeviceEvent, ReplayIncidentEvent, ReplayRegistryEvent]);
export type ReplayEvent = Type.Static<typeof ReplayEvent>;

export const ReplayEventsPage = Type.Object({
  from: IsoTime,
  to: IsoTime,
  /** Boundaries: the events are those with fromSseq < sseq ≤ toSseq. */
  fromSseq: Type.Integer({ minimum: 0 }),
  toSseq: Type.Integer({ minimum: 0 }),
  items: Type.Array(ReplayEvent),
  /** Pass as `after` for the next page; null on the last one. */
  next: Type.Union([Type.Integer(), Type.Null()]),
});
export type ReplayEventsPage = Type.Static<typeof ReplayEventsPage>;
