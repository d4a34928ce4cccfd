import Type from 'typebox';

/** `ts`: RFC 3339 string or epoch milliseconds; devices send whichever their clock gives. */
export const Timestamp = Type.Union([
  Type.String({ format: 'date-time', description: 'RFC 3339 time' }),
  Type.Integer({ minimum: 0, description: 'epoch milliseconds' }),
]);
export type Timestamp = Type.Static<typeof Timestamp>;

/** Per-device increasing counter; (deviceId, seq, ts) identifies a message. */
export const Sequence = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const Envelope = { ts: Timestamp, seq: Sequence };

export const Percent = Type.Number({ minimum: 0, maximum: 100 });
export const Count = Type.Integer({ minimum: 0, maximum: 2_147_483_647 });
export const Latitude = Type.Number({ minimum: -90, maximum: 90 });
export const Longitude = Type.Number({ minimum: -180, maximum: 180 });

/** Largest payload a device may send: 16 KiB; larger is dead-lettered `CITYOPS_INGEST_PAYLOAD_TOO_LARGE`. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;
