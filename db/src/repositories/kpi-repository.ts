import type { Pool } from 'pg';
import { ACTIVE_STATES_SQL } from './incident-states.ts';
import { HOTLINE_DEADLINES } from '@cityops/contracts';

export interface KpiFigures {
  devicesByStatus: Record<string, number>;
  openIncidents: number;
  camerasOnlinePct: number | null;
  incidentsBySeverity: Record<string, number>;
  mttaSec: number | null;
  qrTapsPerMin: number;
  queueWaiting: number;
  queueP90WaitSec: number | null;
  hotlineCompliancePct: number | null;
}

/** The KPI strip's figures in a handful of indexed queries; run every few seconds while anyone watches. */
export async function readKpiFigures(db: Pool, now: Date): Promise<KpiFigures> {
  const devices = await db.query<{ kind: string; status: string; n: number }>(
    'SELECT kind, status, count(*)::int AS n FROM devices WHERE revoked_at IS NULL GROUP BY kind, status',
  );
  const devicesByStatus: Record<string, number> = {};
  let cameras = 0;
  let camerasOnline = 0;
  for (const r of devices.rows) {
    devicesByStatus[r.status] = (devicesByStatus[r.status] ?? 0) + r.n;
    if (r.kind === 'camera') {
      cameras += r.n;
      if (r.status === 'online') camerasOnline += r.n;
    }
  }
  const incidents = await db.query<{ severity: string; n: number }>(
    `SELECT severity, count(*)::int AS n FROM incidents WHERE state IN ${ACTIVE_STATES_SQL} GROUP BY severity`,
  );
  const incidentsBySeverity = Object.fromEntries(incidents.rows.map((r) => [r.severity, r.n]));
  const mtta = await db.query<{ s: number | null }>(
    `SELECT avg(extract(epoch FROM acknowledged_at - opened_at))::float8 AS s FROM incidents
     WHERE opened_at > $1::timestamptz - interval '24 hours' AND acknowledged_at IS NOT NULL`,
    [now],
  );
  const minuteStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 60_000);
  const taps = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM transit_taps WHERE ts >= $1 AND ts < $2', [
    minuteStart,
    new Date(minuteStart.getTime() + 60_000),
  ]);
  const queues = await db.query<{ waiting: number | null; p90: number | null }>(
    `WITH latest AS (
       SELECT DISTINCT ON (device_id) waiting, avg_wait_sec FROM queue_loads
       WHERE ts > $1::timestamptz - interval '15 minutes' ORDER BY device_id, ts DESC)
     SELECT sum(waiting)::int AS waiting, percentile_cont(0.9) WITHIN GROUP (ORDER BY avg_wait_sec)::float8 AS p90 FROM latest`,
    [now],
  );
  // Of the last day's 1022 reports whose forwarding deadline is decided (forwarded, or overdue): the share forwarded in time.
  // The clock starts when a report reached 1022 (`line_since`): one transferred in is not late on arrival.
  const forwardMs = HOTLINE_DEADLINES['1022']!.forwardWithinMs;
  const hotline = await db.query<{ decided: number; met: number }>(
    `SELECT count(*)::int AS decided, count(*) FILTER (WHERE forwarded_at <= line_since + $2 * interval '1 millisecond')::int AS met
     FROM tickets WHERE line = '1022' AND line_since > $1::timestamptz - interval '24 hours'
       AND (forwarded_at IS NOT NULL OR line_since + $2 * interval '1 millisecond' < $1)`,
    [now, forwardMs],
  );
  const decided = hotline.rows[0]?.decided ?? 0;
  return {
    devicesByStatus,
    openIncidents: Object.values(incidentsBySeverity).reduce((a, b) => a + b, 0),
    camerasOnlinePct: cameras ? Math.round((camerasOnline / cameras) * 1000) / 10 : null,
    incidentsBySeverity,
    mttaSec: mtta.rows[0]?.s === null || mtta.rows[0]?.s === undefined ? null : Math.round(mtta.rows[0].s),
    qrTapsPerMin: taps.rows[0]?.n ?? 0,
    queueWaiting: queues.rows[0]?.waiting ?? 0,
    queueP90WaitSec: queues.rows[0]?.p90 === null || queues.rows[0]?.p90 === undefined ? null : Math.round(queues.rows[0].p90),
    hotlineCompliancePct: decided ? Math.round((1000 * (hotline.rows[0]?.met ?? 0)) / decided) / 10 : null,
  };
}
