import Type from 'typebox';
import { Envelope, Percent } from './common.ts';

export const CAMERA_STATUSES = ['online', 'offline', 'degraded', 'tampered'] as const;

/** city/v1/camera/{id}/status — heartbeat and health, at least every 30 s. */
export const CameraStatus = Type.Object({
  ...Envelope,
  status: Type.Enum(CAMERA_STATUSES),
  fps: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
  bitrateKbps: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000_000 })),
  recording: Type.Optional(Type.Boolean()),
  storageFreePct: Type.Optional(Percent),
});
export type CameraStatus = Type.Static<typeof CameraStatus>;
