import Type from 'typebox';

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), the citizen-report API that existing
 * apps speak. Field names are the standard's (snake_case), not ours: these bodies are the standard's
 * and are served at /open311/v2 as they are. Only the 1022 line is offered: GeoReport is for
 * non-emergency reports, and 113/114/115 calls go to people, not forms.
 */
export const OPEN311_BASE = '/open311/v2';

/** GET services.json — one entry per 1022 category. */
export const Open311Service = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  /** No extra attributes are asked, so no service definition to fetch. */
  metadata: Type.Boolean(),
  type: Type.Enum(['realtime', 'batch', 'blackbox'] as const),
  keywords: Type.String(),
  group: Type.String(),
});
export type Open311Service = Type.Static<typeof Open311Service>;

export const OPEN311_STATUSES = ['open', 'closed'] as const;

/** GET requests.json and requests/{id}.json. Callers' phone and e-mail are never part of it. */
export const Open311ServiceRequest = Type.Object({
  service_request_id: Type.String(),
  status: Type.Enum(OPEN311_STATUSES),
  status_notes: Type.Union([Type.String(), Type.Null()]),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: Type.String(),
  service_notice: Type.Union([Type.String(), Type.Null()]),
  requested_datetime: Type.String(),
  updated_datetime: Type.String(),
  expected_datetime: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  address_id: Type.Null(),
  zipcode: Type.Null(),
  lat: Type.Number(),
  long: Type.Number(),
  media_url: Type.Union([Type.String(), Type.Null()]),
});
export type Open311ServiceRequest = Type.Static<typeof Open311ServiceRequest>;

/**
 * POST requests.json, JSON or form-encoded as most clients send it (so every value may arrive as a
 * string). `lat`/`long` are required here: the standard also allows an address alone, but a ticket
 * needs a point and cityops does not geocode.
 */
export const Open311PostRequest = Type.Object({
  api_key: Type.String(),
  service_code: Type.String(),
  lat: Type.Union([Type.Number(), Type.String()]),
  long: Type.Union([Type.Number(), Type.String()]),
  address_string: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  first_name: Type.Optional(Type.String()),
  last_name: Type.Optional(Type.String()),
  device_id: Type.Optional(Type.String()),
  account_id: Type.Optional(Type.String()),
  media_url: Type.Optional(Type.String()),
  /**
   * An extension: `true` when the citizen asked to be e-mailed when the report is forwarded,
   * answered and closed (needs `email`). Stock clients leave it out, and then no e-mail is sent.
   */
  email_updates: Type.Optional(Type.Union([Type.Boolean(), Type.String()])),
});
export type Open311PostRequest = Type.Static<typeof Open311PostRequest>;

export const Open311PostResponse = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    service_notice: Type.Union([Type.String(), Type.Null()]),
    account_id: Type.Union([Type.String(), Type.Null()]),
  }),
);
export type Open311PostResponse = Type.Static<typeof Open311PostResponse>;

/** The standard's error body: a list of `{code, description}`, `code` being the HTTP status. */
export const Open311Errors = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }));
export type Open311Errors = Type.Static<typeof Open311Errors>;
