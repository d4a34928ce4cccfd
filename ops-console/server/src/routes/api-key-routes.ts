import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { CreateApiKeyRequest, RowId } from '@cityops/contracts';
import { createApiKey, listApiKeys, revokeApiKey, type Pool } from '@cityops/db';

const IdParams = Type.Object({ id: RowId });

/**
 * API keys for machine clients: a call-centre system filing hotline tickets (`tickets`),
 * citizen apps over Open311 (`open311`). Admins only; the key is in the answer to POST and nowhere
 * else, ever.
 */
export function apiKeyRoutes(app: FastifyInstance, { pool }: { pool: Pool }): void {
  app.post<{ Body: CreateApiKeyRequest }>(
    '/api/api-keys',
    { schema: { body: CreateApiKeyRequest }, config: { access: 'admin', audit: 'api_key.create' } },
    async (request, reply) => {
      const created = await createApiKey(pool, request.body, request.user!.username);
      request.log.info({ apiKeyId: created.id, name: created.name, scopes: created.scopes, by: request.user!.username }, 'API key issued');
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.get('/api/api-keys', { config: { access: 'admin' } }, async () => ({ items: await listApiKeys(pool) }));

  app.delete<{ Params: { id: number } }>(
    '/api/api-keys/:id',
    { schema: { params: IdParams }, config: { access: 'admin', audit: 'api_key.revoke' } },
    async (request) => {
      const revoked = await revokeApiKey(pool, request.params.id);
      request.log.info({ apiKeyId: revoked.id, by: request.user!.username }, 'API key revoked');
      return revoked;
    },
  );
}
