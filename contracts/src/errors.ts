/**
 * The one registry of coded errors. A code, once published, is never reused for another meaning.
 * HTTP errors become RFC 9457 problem details carrying `code`; ingest codes are dead-letter reasons.
 */
export interface ErrorSpec {
  status: number;
  title: string;
}

export const INGEST_REJECT_CODES = {
  CITYOPS_INGEST_TOPIC_INVALID: "Topic is not city/v1/{kind}/{deviceId}/{channel} with the kind's channel",
  CITYOPS_INGEST_PAYLOAD_TOO_LARGE: 'Payload larger than 16 KiB',
  CITYOPS_INGEST_PAYLOAD_NOT_UTF8: 'Payload is not UTF-8',
  CITYOPS_INGEST_PAYLOAD_NOT_JSON: 'Payload is not JSON',
  CITYOPS_INGEST_PAYLOAD_NOT_OBJECT: 'Payload is not a JSON object',
  CITYOPS_INGEST_PAYLOAD_SCHEMA: 'Payload does not match the schema of its kind',
  CITYOPS_INGEST_TS_OUT_OF_RANGE: 'Timestamp too far in the future or the past',
  CITYOPS_INGEST_DEVICE_UNKNOWN: 'Device is not in the registry or is revoked',
  CITYOPS_INGEST_KIND_MISMATCH: 'Device is registered with another kind',
  CITYOPS_INGEST_STORE_REFUSED: 'The database refused a value of this message',
  CITYOPS_INGEST_PAYLOAD_LIMITS: 'Payload nested too deep, too many keys, a string too long, or a NUL character',
  CITYOPS_INGEST_DUPLICATE_CONFLICT: 'Same (deviceId, seq, ts) as a stored message, but a different body',
} as const;
export type IngestRejectCode = keyof typeof INGEST_REJECT_CODES;

export const HTTP_ERRORS = {
  CITYOPS_AUTH_REQUIRED: { status: 401, title: 'Sign-in required' },
  CITYOPS_AUTH_INVALID_CREDENTIALS: { status: 401, title: 'Wrong username or password' },
  CITYOPS_AUTH_FORBIDDEN: { status: 403, title: 'Your role does not allow this' },
  CITYOPS_REQUEST_INVALID: { status: 400, title: 'Request does not match the schema' },
  CITYOPS_NOT_FOUND: { status: 404, title: 'No such resource' },
  CITYOPS_DEVICE_NOT_FOUND: { status: 404, title: 'No such device' },
  CITYOPS_DEVICE_EXISTS: { status: 409, title: 'A device with this id already exists' },
  CITYOPS_DEVICE_ID_RESERVED: { status: 400, title: 'Device ids may not begin with "cityops-": that prefix names our own services on the broker' },
  CITYOPS_USER_EXISTS: { status: 409, title: 'A user with this name already exists' },
  CITYOPS_USER_NOT_FOUND: { status: 404, title: 'No such user' },
  CITYOPS_USER_LAST_ADMIN: { status: 409, title: 'This would leave no admin who can sign in: an admin cannot disable or demote their own account' },
  CITYOPS_INCIDENT_NOT_FOUND: { status: 404, title: 'No such incident' },
  CITYOPS_INCIDENT_ALREADY_ACKNOWLEDGED: { status: 409, title: 'Incident already acknowledged by someone else' },
  CITYOPS_INCIDENT_ALREADY_RESOLVED: { status: 409, title: 'Incident is already resolved' },
  CITYOPS_INCIDENT_INVALID_TRANSITION: { status: 409, title: 'The incident is not in a state that allows this' },
  CITYOPS_INCIDENT_CHECKLIST_OPEN: { status: 409, title: 'Required checklist items are not done' },
  CITYOPS_SOP_INVALID: { status: 400, title: 'The checklist is not usable' },
  CITYOPS_RULE_NOT_FOUND: { status: 404, title: 'No such alert rule' },
  CITYOPS_RULE_EXISTS: { status: 409, title: 'An alert rule with this id already exists' },
  CITYOPS_RULE_INVALID: { status: 400, title: 'The alert rule is not usable' },
  CITYOPS_RULE_BUILTIN: { status: 409, title: 'A shipped rule cannot be deleted; disable it or reset it' },
  CITYOPS_SILENCE_NOT_FOUND: { status: 404, title: 'No such silence' },
  CITYOPS_SILENCE_INVALID: { status: 400, title: 'The silence or maintenance window is not usable' },
  CITYOPS_MAINTENANCE_WINDOW_NOT_FOUND: { status: 404, title: 'No such maintenance window' },
  CITYOPS_HANDOVER_NOT_FOUND: { status: 404, title: 'No such shift handover' },
  CITYOPS_HANDOVER_ALREADY_ACCEPTED: { status: 409, title: 'The handover was already signed by the incoming operator' },
  CITYOPS_HANDOVER_SAME_PERSON: { status: 409, title: 'The incoming operator must be someone other than the outgoing one' },
  CITYOPS_TICKET_NOT_FOUND: { status: 404, title: 'No such ticket' },
  CITYOPS_TICKET_INVALID_TRANSITION: { status: 409, title: 'Ticket states only move forward' },
  CITYOPS_TICKET_CATEGORY_UNKNOWN: { status: 400, title: 'The line does not take this category' },
  CITYOPS_TICKET_SAME_LINE: { status: 409, title: 'The ticket is already on this line' },
  CITYOPS_TICKET_UPDATES_NEED_EMAIL: { status: 400, title: "E-mail updates need the caller's e-mail" },
  CITYOPS_UNIT_UNKNOWN: { status: 400, title: 'No such unit in the units directory, or a unit given without forwarding' },
  CITYOPS_API_KEY_INVALID: { status: 401, title: 'Unknown or revoked API key' },
  CITYOPS_API_KEY_FORBIDDEN: { status: 403, title: 'The API key does not allow this' },
  CITYOPS_API_KEY_NOT_FOUND: { status: 404, title: 'No such API key' },
  CITYOPS_BUILDING_NOT_FOUND: { status: 404, title: 'No such building' },
  CITYOPS_BUILDING_EXISTS: { status: 409, title: 'A building with this id or house identifier already exists' },
  CITYOPS_BUILDING_IN_USE: { status: 409, title: 'Fire panels are still tied to this building' },
  CITYOPS_DEVICE_NOT_FIRE_PANEL: { status: 400, title: 'Only fire panels are tied to buildings' },
  CITYOPS_IMPORT_INVALID: { status: 400, title: 'The file has problems; nothing was imported' },
  CITYOPS_STATION_NOT_FOUND: { status: 404, title: 'No such fire station' },
  CITYOPS_CONTACT_POINT_NOT_FOUND: { status: 404, title: 'No such contact point' },
  CITYOPS_CONTACT_POINT_EXISTS: { status: 409, title: 'A contact point with this name already exists' },
  CITYOPS_CONTACT_POINT_IN_USE: { status: 409, title: 'The notification policy still sends to this contact point' },
  CITYOPS_CONTACT_POINT_INVALID: { status: 400, title: 'These settings do not fit the contact point type' },
  CITYOPS_NOTIFICATION_POLICY_INVALID: { status: 400, title: 'The notification policy names contact points that do not exist, or cannot be used' },
  CITYOPS_DELIVERY_NOT_FOUND: { status: 404, title: 'No such notification delivery' },
  CITYOPS_DELIVERY_NOT_GIVEN_UP: { status: 409, title: 'Only a delivery that was given up can be sent again' },
  CITYOPS_HISTORY_QUERY_INVALID: { status: 400, title: 'The history query is not usable (range, bucket or filters)' },
  CITYOPS_REPLAY_OUT_OF_RANGE: { status: 400, title: 'Replay reaches back 24 hours, up to now' },
  CITYOPS_RATE_LIMITED: { status: 429, title: 'Too many attempts; wait and retry' },
  CITYOPS_ORIGIN_REFUSED: { status: 403, title: 'Request from another site refused' },
  CITYOPS_BODY_TOO_LARGE: { status: 413, title: 'Request body too large' },
  CITYOPS_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Request bodies are JSON (application/json)' },
  CITYOPS_DEPENDENCY_UNAVAILABLE: { status: 503, title: 'Database or broker unreachable' },
  CITYOPS_BROKER_ACCOUNT_FAILED: { status: 502, title: "The broker did not take the device's account; nothing was created" },
  CITYOPS_INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, ErrorSpec>;
export type HttpErrorCode = keyof typeof HTTP_ERRORS;

/** Domain error: thrown by services, turned into problem details by the one Fastify error handler. */
export class CityopsError extends Error {
  readonly code: HttpErrorCode;
  readonly status: number;
  /** Members added to the problem details (RFC 9457 extensions), e.g. the items still open. */
  readonly extra: Readonly<Record<string, unknown>>;
  constructor(code: HttpErrorCode, detail?: string, extra: Readonly<Record<string, unknown>> = {}) {
    super(detail ?? HTTP_ERRORS[code].title);
    this.name = 'CityopsError';
    this.code = code;
    this.status = HTTP_ERRORS[code].status;
    this.extra = extra;
  }
}
