import Type from 'typebox';
import { IsoTime, RowId } from './common.ts';
import { ContactPointType } from './contact-points.ts';

/**
 * A delivery's life: `pending` (due at `nextAttemptAt`) → `sending` (claimed by a notifier for
 * one attempt) → `delivered`, or back to `pending` after a failed attempt with a backoff, or
 * `given_up` (the dead letter: the last try failed, the receiver refused it for good, or it was
 * down longer than the give-up time). An admin may send a given-up delivery again.
 */
export const DELIVERY_STATES = ['pending', 'sending', 'delivered', 'given_up'] as const;
export const DeliveryState = Type.Enum(DELIVERY_STATES);
export type DeliveryState = Type.Static<typeof DeliveryState>;

/**
 * What a notification says: an incident opened, escalated, repeated while unacknowledged, resolved,
 * or dispatched to an agency (113/114/115; a fire hand-off carries its record).
 */
export const NOTIFICATION_REASONS = ['opened', 'escalated', 'repeated', 'resolved', 'dispatched', 'test'] as const;
export const NotificationReason = Type.Enum(NOTIFICATION_REASONS);
export type NotificationReason = Type.Static<typeof NotificationReason>;

export const Delivery = Type.Object({
  id: Type.Integer(),
  /** `incident:{id}:{step}:{contact point id}`: sent as the `Idempotency-Key` header; one row per key. */
  idempotencyKey: Type.String(),
  contactPointId: Type.Integer(),
  contactPoint: Type.String(),
  contactPointType: ContactPointType,
  incidentId: Type.Union([Type.Integer(), Type.Null()]),
  reason: NotificationReason,
  state: DeliveryState,
  attempts: Type.Integer({ minimum: 0 }),
  createdAt: IsoTime,
  nextAttemptAt: Type.Union([IsoTime, Type.Null()]),
  deliveredAt: Type.Union([IsoTime, Type.Null()]),
  /** The last attempt: the receiver's HTTP status (or SMTP reply code), its error, how long it took. */
  lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastDurationMs: Type.Union([Type.Integer(), Type.Null()]),
});
export type Delivery = Type.Static<typeof Delivery>;

/** GET /api/notifications (supervisor+): newest first, `before` pages by id. */
export const DeliveryQuery = Type.Object(
  {
    state: Type.Optional(DeliveryState),
    incidentId: Type.Optional(RowId),
    contactPointId: Type.Optional(RowId),
    before: Type.Optional(RowId),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type DeliveryQuery = Type.Static<typeof DeliveryQuery>;

export const DeliveryList = Type.Object({ items: Type.Array(Delivery), nextBefore: Type.Union([Type.Integer(), Type.Null()]) });
export type DeliveryList = Type.Static<typeof DeliveryList>;
