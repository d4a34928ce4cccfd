import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { CityopsError, type RidershipResponse } from '@cityops/contracts';
import { readRidership, type Pool } from '@cityops/db';
import { parseRidershipQuery } from './window-params.ts';

const RidershipQuerystring = Type.Object(
  Object.fromEntries(['from', 'to', 'route', 'stop', 'area', 'limit'].map((k) => [k, Type.Optional(Type.String())])),
  { additionalProperties: false },
);

/** Ridership per route and stop per 5 minutes (issue 5 item 4), from transit_taps_5m. */
export function transitRoutes(app: FastifyInstance, { pool }: { pool: Pool }): void {
  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/api/transit/ridership',
    { schema: { querystring: RidershipQuerystring }, config: { access: 'viewer' } },
    async (request): Promise<RidershipResponse> => {
      const parsed = parseRidershipQuery(request.query, Date.now());
      if (parsed.errors) throw new CityopsError('CITYOPS_HISTORY_QUERY_INVALID', parsed.errors.join('; '));
      const q = parsed.value;
      const { items, truncated } = await readRidership(pool, q);
      return { bucketSeconds: 300, from: q.from.toISOString(), to: q.to.toISOString(), items, truncated };
    },
  );
}
