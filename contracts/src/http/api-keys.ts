import Type from 'typebox';
import { IsoTime } from './common.ts';

/**
 * What an API key may do: `tickets` files hotline tickets on POST /api/tickets (a call-centre
 * system), `open311` files and reads citizen reports on /open311/v2 (docs/open311.md), `agency`
 * reads and sends status on the incidents and tickets of its lines or areas only (113's, 114's or
 * 115's dispatch system, a ward's field team).
 */
export const API_KEY_SCOPES = ['tickets', 'open311', 'agency'] as const;
export const ApiKeyScope = Type.Enum(API_KEY_SCOPES);
export type ApiKeyScope = Type.Static<typeof ApiKeyScope>;

/** The emergency lines an agency key may speak for (1022 is the city's own line, not an agency). */
export const AGENCY_LINES = ['113', '114', '115'] as const;
export const AgencyLine = Type.Enum(AGENCY_LINES);
export type AgencyLine = Type.Static<typeof AgencyLine>;

/** POST /api/api-keys (admin). An `agency` key names its lines or areas (at least one). */
export const CreateApiKeyRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  scopes: Type.Array(ApiKeyScope, { minItems: 1, uniqueItems: true }),
  agencyLines: Type.Optional(Type.Array(AgencyLine, { uniqueItems: true })),
  agencyAreas: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 200, uniqueItems: true })),
});
export type CreateApiKeyRequest = Type.Static<typeof CreateApiKeyRequest>;

/** An issued key as listed: never the key itself, only its first characters to recognise it by. */
export const ApiKey = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  scopes: Type.Array(ApiKeyScope),
  prefix: Type.String(),
  createdBy: Type.String(),
  createdAt: IsoTime,
  revokedAt: Type.Union([IsoTime, Type.Null()]),
  lastUsedAt: Type.Union([IsoTime, Type.Null()]),
  /** An agency key's reach: incidents and tickets of these lines, or in these areas. Empty for other keys. */
  agencyLines: Type.Array(AgencyLine),
  agencyAreas: Type.Array(Type.String()),
});
export type ApiKey = Type.Static<typeof ApiKey>;

/** The answer to POST /api/api-keys: the only time the key is shown. */
export const CreatedApiKey = Type.Object({ ...ApiKey.properties, key: Type.String() });
export type CreatedApiKey = Type.Static<typeof CreatedApiKey>;

export const ApiKeyList = Type.Object({ items: Type.Array(ApiKey) });
export type ApiKeyList = Type.Static<typeof ApiKeyList>;

/** Issued keys look like `cok_<random>`: the prefix makes a leaked key easy to grep for and revoke. */
export const API_KEY_PREFIX = 'cok_';
