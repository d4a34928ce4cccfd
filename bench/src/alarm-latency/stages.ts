import type { Pool } from '@cityops/db';
import type { AlarmRecord } from './measure-alarms.ts';
import { summarize, type LatencySummary } from './stats.ts';

/**
 * Where an alarm's time goes, from the event log's `at` (now() of the writing transaction, i.e. when
 * it began; the same machine's clock as the bench, millisecond resolution):
 *   toGateway   publish → the gateway's batch transaction that stored the fire event began
 *   toAlerting  that → the alerting transaction that opened the incident began
 *   toSocket    that → `incident:opened` arrived on the socket (alerting's commit, the console's
 *               reader, Socket.IO)
 */
export interface StageBreakdown {
  toGateway: LatencySummary;
  toAlerting: LatencySummary;
  toSocket: LatencySummary;
}

export async function stageBreakdown(pool: Pool, alarms: readonly AlarmRecord[]): Promise<StageBreakdown> {
  const ids = alarms.map((a) => a.deviceId);
  const rows = (
    await pool.query(
      `SELECT payload->>'deviceId' AS id, 'fire' AS stage, min(at) AS at FROM event_log WHERE topic = 'fire.event' AND payload->>'deviceId' = ANY($1) GROUP BY 1
     UNION ALL
     SELECT payload->'incident'->>'deviceId', 'incident', min(at)
       FROM event_log WHERE topic = 'incident.opened' AND payload->'incident'->>'deviceId' = ANY($1) GROUP BY 1`,
      [ids],
    )
  ).rows as { id: string; stage: 'fire' | 'incident'; at: Date }[];
  const at = new Map(rows.map((r) => [`${r.stage}:${r.id}`, r.at.getTime()]));
  const toGateway: number[] = [];
  const toAlerting: number[] = [];
  const toSocket: number[] = [];
  for (const a of alarms) {
    const fire = at.get(`fire:${a.deviceId}`);
    const incident = at.get(`incident:${a.deviceId}`);
    if (fire === undefined || incident === undefined || a.arrivedAt === undefined) continue;
    toGateway.push(fire - a.publishedAt);
    toAlerting.push(incident - fire);
    toSocket.push(a.arrivedAt - incident);
  }
  return { toGateway: summarize(toGateway), toAlerting: summarize(toAlerting), toSocket: summarize(toSocket) };
}
