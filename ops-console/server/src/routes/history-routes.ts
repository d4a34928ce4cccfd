import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { CityopsError, HistoryStream, HISTORY_BUCKET_SECONDS, HistoryResponse } from '@cityops/contracts';
import {
  readCameraHistory,
  readFireHistory,
  readKpiHistory,
  readQueueHistory,
  readTicketHistory,
  readTransitHistory,
  type HistoryRange,
  type Pool,
} from '@cityops/db';
import { MAX_BUCKETS, MAX_KPI_BUCKETS, optionalStrings, parseHistoryQuery, valueOrProblem } from './history-params.ts';
import { ok } from '../openapi/responses.ts';

const HistoryQuerystring = optionalStrings(['from', 'to', 'bucket', 'area']);

type Reader = (pool: Pool, r: HistoryRange, now: Date) => Promise<HistoryResponse['points']>;
const READERS: Record<HistoryStream, Reader> = {
  cameras: readCameraHistory,
  fire: readFireHistory,
  transit: readTransitHistory,
  queues: readQueueHistory,
  tickets: readTicketHistory,
  kpi: readKpiHistory,
};

/**
 * History of every stream: GET /api/history/{stream}?from=&to=&bucket=&area=, read
 * from the 5m/1h/1d rollups (continuous aggregates on TimescaleDB, views on PostgreSQL).
 */
export function historyRoutes(app: FastifyInstance, { pool }: { pool: Pool }): void {
  app.get<{ Params: { stream: HistoryStream }; Querystring: Record<string, string | undefined> }>(
    '/api/history/:stream',
    {
      schema: {
        summary: 'History of a stream from the rollups, in buckets',
        response: ok(HistoryResponse),
        params: Type.Object({ stream: HistoryStream }),
        querystring: HistoryQuerystring,
      },
      config: { access: 'viewer' },
    },
    async (request): Promise<HistoryResponse> => {
      const { stream } = request.params;
      const now = new Date();
      const r = valueOrProblem(parseHistoryQuery(request.query, now.getTime(), stream === 'kpi' ? MAX_KPI_BUCKETS : MAX_BUCKETS));
      if (stream === 'tickets' && r.areas) throw new CityopsError('CITYOPS_HISTORY_QUERY_INVALID', 'tickets have no area: leave out area');
      const points = await READERS[stream](pool, r, now);
      return {
        stream,
        bucket: r.bucket,
        bucketSeconds: HISTORY_BUCKET_SECONDS[r.bucket],
        from: r.from.toISOString(),
        to: r.to.toISOString(),
        areas: r.areas,
        points,
      };
    },
  );
}
