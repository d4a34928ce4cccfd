import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { CreateApiKeyRequest, RowId, ApiKey, ApiKeyList, CreatedApiKey } from '@cityops/contracts';
import { createApiKey, listApiKeys, revokeApiKey, type Pool } from '@cityops/db';
import { created, ok } from '../openapi/responses.ts';

const IdParams = Type.Object({ id: RowId });

/**
 * API keys for machine clients: a call-centre system filing hotline tickets (`tickets`),
 * citizen apps over Open311 (`open311`). Admins only; the key is in the answer to POST and nowhere
 * else, ever.
 */
export function apiKeyRoutes(app: FastifyInstance, { pool }: { pool: Pool }): void {
  app.post<{ Body: CreateApiKeyRequest }>(
    '/api/api-keys',
    {
      schema: { summary: 'Create an API key (the key is shown once)', response: created(CreatedApiKey), body: CreateApiKeyRequest },
      config: { access: 'admin', audit: 'api_key.create' },
    },
    async (request, reply) => {
      const created = await createApiKey(pool, request.body, request.user!.username);
      request.log.info({ apiKeyId: created.id, name: created.name, scopes: created.scopes, by: request.user!.username }, 'API key issued');
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.get(
    '/api/api-keys',
    { schema: { summary: 'API keys (never the keys themselves)', response: ok(ApiKeyList) }, config: { access: 'admin' } },
    async () => ({ items: await listApiKeys(pool) }),
  );

  app.delete<{ Params: { id: number } }>(
    '/api/api-keys/:id',
    { schema: { summary: 'Revoke an API key', response: ok(ApiKey), params: IdParams }, config: { access: 'admin', audit: 'api_key.revoke' } },
    async (request) => {
      const revoked = await revokeApiKey(pool, request.params.id);
      request.log.info({ apiKeyId: revoked.id, by: request.user!.username }, 'API key revoked');
      return revoked;
    },
  );
}
