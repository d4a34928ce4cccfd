import type { FastifyInstance } from 'fastify';
import {
  CityopsError,
  REPLAY_WINDOW_MS,
  ReplayDevicesQuery,
  ReplayEventsQuery,
  ReplayIncidentsQuery,
  ReplayDevicesPage,
  ReplayEventsPage,
  ReplayIncidents,
} from '@cityops/contracts';
import { readReplayDevices, readReplayEvents, readReplayIncidents, replayBoundary, type Pool } from '@cityops/db';
import { ok } from '../openapi/responses.ts';

/** A browser's clock and ours differ a little; the log keeps 25 h, so a minute each way is safe. */
const SLACK_MS = 60_000;
const DEFAULT_PAGE = 5_000;

/** Replay reads only what the event log still holds for certain: the last 24 hours. */
function replayTime(iso: string, name: string, now: number): Date {
  const t = Date.parse(iso);
  if (t < now - REPLAY_WINDOW_MS - SLACK_MS || t > now + SLACK_MS) {
    throw new CityopsError('CITYOPS_REPLAY_OUT_OF_RANGE', `${name}=${iso} is not within the last 24 hours`);
  }
  return new Date(t);
}

/**
 * GET /api/replay/{devices,incidents,events} (docs/api.md "Replay"). Viewer and up:
 * the wall replays too. Pages are bounded, so a 50,000-device city arrives in a handful of requests.
 */
export function replayRoutes(app: FastifyInstance, { pool, now = Date.now }: { pool: Pool; now?: () => number }): void {
  app.get<{ Querystring: ReplayDevicesQuery }>(
    '/api/replay/devices',
    {
      schema: { summary: 'Devices as they were at a past moment', response: ok(ReplayDevicesPage), querystring: ReplayDevicesQuery },
      config: { access: 'viewer' },
    },
    async (request): Promise<ReplayDevicesPage> => {
      const at = replayTime(request.query.at, 'at', now());
      const limit = request.query.limit ?? DEFAULT_PAGE;
      const boundary = await replayBoundary(pool, at);
      const items = await readReplayDevices(pool, { at, boundary, after: request.query.after ?? null, limit });
      return { at: at.toISOString(), sseq: boundary, items, next: items.length === limit ? items[items.length - 1]!.id : null };
    },
  );

  app.get<{ Querystring: ReplayIncidentsQuery }>(
    '/api/replay/incidents',
    {
      schema: { summary: 'Incidents as they were at a past moment', response: ok(ReplayIncidents), querystring: ReplayIncidentsQuery },
      config: { access: 'viewer' },
    },
    async (request): Promise<ReplayIncidents> => {
      const at = replayTime(request.query.at, 'at', now());
      const boundary = await replayBoundary(pool, at);
      return { at: at.toISOString(), sseq: boundary, items: await readReplayIncidents(pool, { at, boundary }) };
    },
  );

  app.get<{ Querystring: ReplayEventsQuery }>(
    '/api/replay/events',
    {
      schema: { summary: 'What changed between two moments, in order', response: ok(ReplayEventsPage), querystring: ReplayEventsQuery },
      config: { access: 'viewer' },
    },
    async (request): Promise<ReplayEventsPage> => {
      const t = now();
      const from = replayTime(request.query.from, 'from', t);
      const to = replayTime(request.query.to, 'to', t);
      if (to < from) throw new CityopsError('CITYOPS_REPLAY_OUT_OF_RANGE', 'to is before from');
      const limit = request.query.limit ?? DEFAULT_PAGE;
      const [fromSseq, toSseq] = [await replayBoundary(pool, from), await replayBoundary(pool, to)];
      const items = await readReplayEvents(pool, { from: fromSseq, to: toSseq, after: request.query.after ?? null, limit });
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        fromSseq,
        toSseq,
        items,
        next: items.length === limit ? items[items.length - 1]!.sseq : null,
      };
    },
  );
}
