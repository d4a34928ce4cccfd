import Type from 'typebox';
import { IsoTime } from '../http/common.ts';
import { Incident } from '../http/incidents.ts';
import { FireHandoff } from '../http/buildings.ts';
import { NotificationReason } from '../http/notifications.ts';

/**
 * The JSON body of every webhook notification. `version` changes only when a field changes meaning
 * or goes away; fields may be added within a version, so receivers must ignore what they do not know.
 *
 * Each request carries:
 * - `X-Cityops-Timestamp`: Unix seconds when it was signed;
 * - `X-Cityops-Signature`: `sha256=` + hex HMAC-SHA256, keyed with the contact point's secret, of
 *   `{timestamp}.{raw body}` (receivers reject a timestamp more than 5 minutes off, against replays);
 * - `Idempotency-Key`: the same on every retry of one notification, so a receiver that remembers
 *   keys acts on it once however often it arrives.
 */
export const WEBHOOK_BODY_VERSION = 1;

/** One incident of a grouped notification, as much as a list of them needs. */
export const GroupedIncident = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  severity: Type.String(),
  title: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  area: Type.Union([Type.String(), Type.Null()]),
  openedAt: IsoTime,
  link: Type.String(),
});
export type GroupedIncident = Type.Static<typeof GroupedIncident>;

export const WebhookBody = Type.Object({
  version: Type.Literal(WEBHOOK_BODY_VERSION),
  idempotencyKey: Type.String(),
  reason: NotificationReason,
  /** When this notification was decided (the event's time), not when this attempt was made. */
  at: IsoTime,
  /** Escalations: the step's level and the role it pages. */
  escalation: Type.Optional(Type.Object({ level: Type.Integer({ minimum: 1 }), role: Type.String() })),
  /** A fire hand-off to 114 (`dispatched`): the building and its contact, the nearest stations, the station asked. */
  handoff: Type.Optional(FireHandoff),
  /** Who this message is for when it is not the contact point's own recipient: a building's contact. */
  recipient: Type.Optional(Type.Object({ name: Type.Union([Type.String(), Type.Null()]), phone: Type.String(), buildingId: Type.String() })),
  /**
   * On routes with `groupBy`: the group this notification tells of, and every incident in it
   * (`incident` is the first of them). Counts and lists say how many opened since the last one.
   */
  group: Type.Optional(
    Type.Object({
      key: Type.String(),
      by: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])),
      incidents: Type.Array(GroupedIncident, { minItems: 1 }),
    }),
  ),
  /** A link to the incident in the console (needs a signed-in session). */
  link: Type.String(),
  /** A short Vietnamese text, as an SMS or a chat message would show it. */
  text: Type.String(),
  incident: Type.Omit(Incident, ['timeline', 'checklist']),
});
export type WebhookBody = Type.Static<typeof WebhookBody>;

export const SIGNATURE_HEADER = 'x-cityops-signature';
export const TIMESTAMP_HEADER = 'x-cityops-timestamp';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
