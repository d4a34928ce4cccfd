import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { CityopsError, type QueueRankingResponse } from '@cityops/contracts';
import { rankQueues, type Pool } from '@cityops/db';
import { parseRankingQuery } from './window-params.ts';

const RankingQuerystring = Type.Object(
  Object.fromEntries(['from', 'to', 'level', 'by', 'order', 'limit', 'area'].map((k) => [k, Type.Optional(Type.String())])),
  { additionalProperties: false },
);

/** One-stop-shop offices and areas ranked over a window (issue 5 item 3), from the queue rollups. */
export function queueRoutes(app: FastifyInstance, { pool }: { pool: Pool }): void {
  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/api/queues/ranking',
    { schema: { querystring: RankingQuerystring }, config: { access: 'viewer' } },
    async (request): Promise<QueueRankingResponse> => {
      const parsed = parseRankingQuery(request.query, Date.now());
      if (parsed.errors) throw new CityopsError('CITYOPS_HISTORY_QUERY_INVALID', parsed.errors.join('; '));
      const q = parsed.value;
      const items = await rankQueues(pool, q);
      return { level: q.level, by: q.by, order: q.order, from: q.from.toISOString(), to: q.to.toISOString(), items };
    },
  );
}
