import type { FastifyInstance } from 'fastify';
import { LatestQueueLoadsResponse, QueueRankingResponse } from '@cityops/contracts';
import { latestQueueLoads, rankQueues, type Pool } from '@cityops/db';
import { optionalStrings, valueOrProblem } from './history-params.ts';
import { parseRankingQuery } from './window-params.ts';
import { ok } from '../openapi/responses.ts';

const RankingQuerystring = optionalStrings(['from', 'to', 'level', 'by', 'order', 'limit', 'area']);

/** One-stop-shop offices: ranked over a window (from the queue rollups), and each one's latest load. */
export function queueRoutes(app: FastifyInstance, { pool }: { pool: Pool }): void {
  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/api/queues/ranking',
    {
      schema: { summary: 'One-stop-shop offices or areas ranked over a window', response: ok(QueueRankingResponse), querystring: RankingQuerystring },
      config: { access: 'viewer' },
    },
    async (request): Promise<QueueRankingResponse> => {
      const q = valueOrProblem(parseRankingQuery(request.query, Date.now()));
      const items = await rankQueues(pool, q);
      return { level: q.level, by: q.by, order: q.order, from: q.from.toISOString(), to: q.to.toISOString(), items };
    },
  );

  // The office layer's snapshot: with the live `queue:load` events (merged by `at`), every office
  // is on the map from the first frame, not as each kiosk next reports.
  app.get(
    '/api/queues/latest',
    { schema: { summary: 'Latest queue load of every office', response: ok(LatestQueueLoadsResponse) }, config: { access: 'viewer' } },
    async (): Promise<LatestQueueLoadsResponse> => ({ items: await latestQueueLoads(pool) }),
  );
}
