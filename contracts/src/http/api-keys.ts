import Type from 'typebox';
import { IsoTime } from './common.ts';

/**
 * What an API key may do: `tickets` files hotline tickets on POST /api/tickets (a call-centre
 * system), `open311` files and reads citizen reports on /open311/v2 (docs/open311.md).
 */
export const API_KEY_SCOPES = ['tickets', 'open311'] as const;
export const ApiKeyScope = Type.Enum(API_KEY_SCOPES);
export type ApiKeyScope = Type.Static<typeof ApiKeyScope>;

/** POST /api/api-keys (admin). */
export const CreateApiKeyRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  scopes: Type.Array(ApiKeyScope, { minItems: 1, uniqueItems: true }),
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
});
export type ApiKey = Type.Static<typeof ApiKey>;

/** The answer to POST /api/api-keys: the only time the key is shown. */
export const CreatedApiKey = Type.Object({ ...ApiKey.properties, key: Type.String() });
export type CreatedApiKey = Type.Static<typeof CreatedApiKey>;

export const ApiKeyList = Type.Object({ items: Type.Array(ApiKey) });
export type ApiKeyList = Type.Static<typeof ApiKeyList>;

/** Issued keys look like `cok_<random>`: the prefix makes a leaked key easy to grep for and revoke. */
export const API_KEY_PREFIX = 'cok_';
