import Type from 'typebox';
import { Count, Envelope, Latitude, Longitude } from './common.ts';

export const TAP_RESULTS = ['accepted', 'rejected'] as const;

/** city/v1/transit/{id}/tap — a dynamic-QR ticket presented at a reader. */
export const TransitTap = Type.Object({
  ...Envelope,
  token: Type.String({ minLength: 1, maxLength: 512 }),
  result: Type.Enum(TAP_RESULTS),
  routeId: Type.String({ minLength: 1, maxLength: 64 }),
  stopId: Type.Optional(Type.String({ maxLength: 64 })),
  vehicleId: Type.Optional(Type.String({ maxLength: 64 })),
  fareVnd: Type.Optional(Count),
  lat: Type.Optional(Latitude),
  lon: Type.Optional(Longitude),
});
export type TransitTap = Type.Static<typeof TransitTap>;
