import Type from 'typebox';
import { Envelope, Percent } from './common.ts';

export const FIRE_EVENTS = ['alarm', 'fault', 'supervisory', 'restore', 'test', 'heartbeat'] as const;
export const FIRE_DETECTORS = ['smoke', 'heat', 'manual', 'sprinkler'] as const;

/** city/v1/fire/{id}/event — fire-alarm panel events, linked to a building address. */
export const FireEvent = Type.Object({
  ...Envelope,
  event: Type.Enum(FIRE_EVENTS),
  zone: Type.Optional(Type.String({ maxLength: 128 })),
  detector: Type.Optional(Type.Enum(FIRE_DETECTORS)),
  smokeObscurationPct: Type.Optional(Percent),
  temperatureC: Type.Optional(Type.Number({ minimum: -60, maximum: 1500 })),
});
export type FireEvent = Type.Static<typeof FireEvent>;

/** city/v1/fire/{id}/receipt — published by the server once the event is committed. */
export const FireReceipt = Type.Union([
  Type.Object({ seq: Type.Integer({ minimum: 0 }), status: Type.Literal('ack') }),
  Type.Object({ seq: Type.Integer({ minimum: 0 }), status: Type.Literal('rejected'), reason: Type.String() }),
]);
export type FireReceipt = Type.Static<typeof FireReceipt>;
