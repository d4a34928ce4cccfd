import type { FastifyInstance } from 'fastify';
import { RidershipResponse } from '@cityops/contracts';
import { readRidership, type Pool } from '@cityops/db';
import { optionalStrings, valueOrProblem } from './history-params.ts';
import { parseRidershipQuery } from './window-params.ts';
import { ok } from '../openapi/responses.ts';

const RidershipQuerystring = optionalStrings(['from', 'to', 'route', 'stop', 'area', 'limit']);

/** Ridership per route and stop per 5 minutes, from transit_taps_5m. */
export function transitRoutes(app: FastifyInstance, { pool }: { pool: Pool }): void {
  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/api/transit/ridership',
    {
      schema: { summary: 'Ridership per route and stop, in 5-minute buckets', response: ok(RidershipResponse), querystring: RidershipQuerystring },
      config: { access: 'viewer' },
    },
    async (request): Promise<RidershipResponse> => {
      const q = valueOrProblem(parseRidershipQuery(request.query, Date.now()));
      const { items, truncated } = await readRidership(pool, q);
      return { bucketSeconds: 300, from: q.from.toISOString(), to: q.to.toISOString(), items, truncated };
    },
  );
}
