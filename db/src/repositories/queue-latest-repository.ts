import type { Pool } from 'pg';
import type { LatestQueueLoad } from '@cityops/contracts';

/**
 * The latest stored load of every registered one-stop-shop kiosk, whenever it last reported: what
 * the map's office layer shows on page load, before any kiosk reports again. A kiosk that never
 * reported is left out (there is nothing to size its office by).
 */
export async function latestQueueLoads(db: Pool): Promise<LatestQueueLoad[]> {
  const { rows } = await db.query<{
    id: string;
    waiting: number;
    serving: number;
    counters_open: number;
    avg_wait_sec: number;
    satisfaction_pct: number | null;
    ts: Date;
  }>(
    `SELECT d.id, q.waiting, q.serving, q.counters_open, q.avg_wait_sec, q.satisfaction_pct, q.ts
     FROM devices d
     CROSS JOIN LATERAL (
       SELECT waiting, serving, counters_open, avg_wait_sec, satisfaction_pct, ts FROM queue_loads
       WHERE device_id = d.id ORDER BY ts DESC LIMIT 1
     ) q
     WHERE d.kind = 'queue' AND d.revoked_at IS NULL
     ORDER BY d.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    waiting: r.waiting,
    serving: r.serving,
    countersOpen: r.counters_open,
    avgWaitSec: r.avg_wait_sec,
    ...(r.satisfaction_pct !== null ? { satisfactionPct: r.satisfaction_pct } : {}),
    at: r.ts.toISOString(),
  }));
}
