import Type from 'typebox';
import { DEVICE_KINDS } from '../topics.ts';
import { Latitude, Longitude } from '../mqtt/common.ts';
import { IsoTime, MAX_ROW_ID } from './common.ts';
import { INGEST_REJECT_CODES, type IngestRejectCode } from '../errors.ts';

export const DeviceKindSchema = Type.Enum(DEVICE_KINDS);
export const DeviceIdSchema = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });

/** Live status shown on the map: the latest reported state, or `unknown` before any message. */
export const DEVICE_STATUSES = ['online', 'offline', 'degraded', 'tampered', 'alarm', 'fault', 'normal', 'overloaded', 'unknown'] as const;
export const DeviceStatus = Type.Enum(DEVICE_STATUSES);
export type DeviceStatus = Type.Static<typeof DeviceStatus>;

export const CreateDeviceRequest = Type.Object({
  id: DeviceIdSchema,
  kind: DeviceKindSchema,
  lat: Latitude,
  lon: Longitude,
  name: Type.Optional(Type.String({ maxLength: 200 })),
  address: Type.Optional(Type.String({ maxLength: 300 })),
  area: Type.Optional(Type.String({ maxLength: 100 })),
  /** Fire panels: the registry building it is installed in (see /api/buildings). */
  buildingId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })),
});
export type CreateDeviceRequest = Type.Static<typeof CreateDeviceRequest>;

/** The device's credentials; the password is shown once and stored only as a hash. */
export const DeviceCredentials = Type.Object({
  id: Type.String(),
  kind: DeviceKindSchema,
  username: Type.String(),
  password: Type.String(),
});
export type DeviceCredentials = Type.Static<typeof DeviceCredentials>;

/** How the registry changed (device.registry in the event log; `device:registry` on Socket.IO). */
export const DEVICE_REGISTRY_CHANGES = ['added', 'revoked', 'restored'] as const;

export const Device = Type.Object({
  id: Type.String(),
  kind: DeviceKindSchema,
  name: Type.Union([Type.String(), Type.Null()]),
  lat: Type.Number(),
  lon: Type.Number(),
  area: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  status: DeviceStatus,
  lastSeenAt: Type.Union([IsoTime, Type.Null()]),
  revoked: Type.Boolean(),
  createdAt: IsoTime,
  /** Fire panels: the building it is tied to, if any. */
  buildingId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type Device = Type.Static<typeof Device>;

export const DeviceList = Type.Object({ items: Type.Array(Device), total: Type.Integer() });
export type DeviceList = Type.Static<typeof DeviceList>;

export const DeadLetter = Type.Object({
  id: Type.Integer(),
  receivedAt: IsoTime,
  deviceId: Type.Union([Type.String(), Type.Null()]),
  topic: Type.String(),
  reason: Type.String(),
  detail: Type.String(),
  /** The raw payload, base64 (it may not be text). */
  payloadBase64: Type.String(),
  payloadBytes: Type.Integer(),
});
export type DeadLetter = Type.Static<typeof DeadLetter>;
export const DeadLetterList = Type.Object({ items: Type.Array(DeadLetter) });

/** GET /api/dead-letters (admin): newest first, by device and by reason (an ingest reject code). */
export const DeadLetterQuery = Type.Object(
  {
    deviceId: Type.Optional(Type.String({ maxLength: 64 })),
    reason: Type.Optional(Type.Enum(Object.keys(INGEST_REJECT_CODES) as IngestRejectCode[])),
    /** Entries older than this id: the next page. */
    before: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ROW_ID })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export type DeadLetterQuery = Type.Static<typeof DeadLetterQuery>;
export type DeadLetterList = Type.Static<typeof DeadLetterList>;
