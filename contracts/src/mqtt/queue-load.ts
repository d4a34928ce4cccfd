import Type from 'typebox';
import { Count, Envelope, Percent } from './common.ts';

/** city/v1/queue/{id}/load — queue-number kiosk of a one-stop-shop office. */
export const QueueLoad = Type.Object({
  ...Envelope,
  waiting: Count,
  serving: Count,
  countersOpen: Count,
  avgWaitSec: Type.Number({ minimum: 0, maximum: 7 * 24 * 3600 }),
  issuedToday: Type.Optional(Count),
  servedToday: Type.Optional(Count),
  satisfactionPct: Type.Optional(Percent),
});
export type QueueLoad = Type.Static<typeof QueueLoad>;
