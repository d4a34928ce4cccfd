import Type from 'typebox';
import { IsoTime, Role } from './common.ts';

/**
 * Where notifications go. `webhook`: a signed JSON POST (an agency's dispatch system, a chat
 * bridge); `email`: over the center's SMTP server (CITYOPS_SMTP_URL); `http_gateway`: an SMS or
 * Zalo OA provider's HTTP API, described by a request template so no provider is built in;
 * `console`: a banner on the consoles of one role.
 */
export const CONTACT_POINT_TYPES = ['webhook', 'email', 'http_gateway', 'console'] as const;
export const ContactPointType = Type.Enum(CONTACT_POINT_TYPES);
export type ContactPointType = Type.Static<typeof ContactPointType>;

const HttpUrl = Type.String({ maxLength: 2000, pattern: '^https?://[^\\s]+$' });
const TimeoutMs = Type.Integer({ minimum: 500, maximum: 60_000, description: 'How long one attempt may take; default 10,000 ms.' });
/** Header values may hold provider tokens: they are write-only (listed by name only). */
const Headers = Type.Record(Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' }), Type.String({ maxLength: 2000 }), { maxProperties: 20 });
const EmailAddress = Type.String({ maxLength: 254, pattern: '^[^\\s@<>,;]+@[^\\s@<>,;]+\\.[^\\s@<>,;]+$' });

export const WebhookSettings = Type.Object(
  { url: HttpUrl, timeoutMs: Type.Optional(TimeoutMs), headers: Type.Optional(Headers) },
  { additionalProperties: false },
);
export type WebhookSettings = Type.Static<typeof WebhookSettings>;

export const EmailSettings = Type.Object({ to: Type.Array(EmailAddress, { minItems: 1, maxItems: 20, uniqueItems: true }) }, { additionalProperties: false });
export type EmailSettings = Type.Static<typeof EmailSettings>;

export const GATEWAY_CONTENT_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'text/plain'] as const;

/**
 * An SMS or Zalo OA gateway call. `bodyTemplate` (and the URL) may use `{{to}}`, `{{text}}`,
 * `{{incidentId}}`, `{{link}}` and `{{idempotencyKey}}`; each value is escaped for `contentType`
 * (a JSON string's contents, form encoding) and URL-encoded in the URL.
 */
export const HttpGatewaySettings = Type.Object(
  {
    url: HttpUrl,
    method: Type.Enum(['POST', 'PUT', 'GET']),
    contentType: Type.Enum(GATEWAY_CONTENT_TYPES),
    bodyTemplate: Type.String({ maxLength: 4000 }),
    /** One recipient (a phone number, a Zalo user id): several recipients are several contact points. */
    to: Type.String({ minLength: 1, maxLength: 120 }),
    headers: Type.Optional(Headers),
    timeoutMs: Type.Optional(TimeoutMs),
  },
  { additionalProperties: false },
);
export type HttpGatewaySettings = Type.Static<typeof HttpGatewaySettings>;

export const ConsoleSettings = Type.Object({ role: Role }, { additionalProperties: false });
export type ConsoleSettings = Type.Static<typeof ConsoleSettings>;

export type ContactPointSettings = WebhookSettings | EmailSettings | HttpGatewaySettings | ConsoleSettings;

/** Names are how the notification policy refers to contact points: letters, digits, `-`, `_`, `.`. */
export const ContactPointName = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' });

const create = <T extends ContactPointType, S extends Type.TObject>(type: T, settings: S) =>
  Type.Object(
    {
      name: ContactPointName,
      type: Type.Literal(type),
      settings,
      enabled: Type.Optional(Type.Boolean()),
      description: Type.Optional(Type.String({ maxLength: 300 })),
    },
    { additionalProperties: false },
  );

/** POST /api/contact-points (admin). A webhook's signing secret is made by the server and shown once. */
export const CreateContactPointRequest = Type.Union([
  create('webhook', WebhookSettings),
  create('email', EmailSettings),
  create('http_gateway', HttpGatewaySettings),
  create('console', ConsoleSettings),
]);
export type CreateContactPointRequest = Type.Static<typeof CreateContactPointRequest>;

/** PATCH /api/contact-points/{id} (admin): the type and name stay; settings are replaced whole (headers kept when absent). */
export const UpdateContactPointRequest = Type.Object(
  {
    settings: Type.Optional(Type.Union([WebhookSettings, EmailSettings, HttpGatewaySettings, ConsoleSettings])),
    enabled: Type.Optional(Type.Boolean()),
    description: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateContactPointRequest = Type.Static<typeof UpdateContactPointRequest>;

/** A contact point as listed: header values and the signing secret are never read back. */
export const ContactPoint = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  type: ContactPointType,
  enabled: Type.Boolean(),
  description: Type.Union([Type.String(), Type.Null()]),
  /** The settings without header values (`headers` lists header names with empty values). */
  settings: Type.Record(Type.String(), Type.Unknown()),
  /** Webhooks: whether a signing secret is set (always, once created). */
  hasSecret: Type.Boolean(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  updatedBy: Type.String(),
});
export type ContactPoint = Type.Static<typeof ContactPoint>;

export const ContactPointList = Type.Object({ items: Type.Array(ContactPoint) });
export type ContactPointList = Type.Static<typeof ContactPointList>;

/** The answer to creating a webhook or rotating its secret: the only time the secret is shown. */
export const ContactPointWithSecret = Type.Object({ ...ContactPoint.properties, secret: Type.Union([Type.String(), Type.Null()]) });
export type ContactPointWithSecret = Type.Static<typeof ContactPointWithSecret>;
