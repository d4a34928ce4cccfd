import type { QueueRankingItem, QueueRankingMetric } from '@cityops/contracts';
import { rollupFor } from './history-buckets.ts';
import type { HistoryRange, Queryable } from './history-repository.ts';

export interface QueueRankingQuery extends HistoryRange {
  level: 'office' | 'area';
  by: QueueRankingMetric;
  order: 'asc' | 'desc';
  limit: number;
}

/** Sort expressions by metric: fixed strings, never from input. */
const SORT: Record<QueueRankingMetric, string> = { waiting: 'waiting', avgWait: 'avg_wait_sec', satisfaction: 'satisfaction_pct' };

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

/**
 * One-stop-shop offices, or areas, ranked over a window. Per office: the means of
 * its reports in the window (exact from the rollup's sums); per area: the sums of its offices' means,
 * and the mean wait and satisfaction over all of its reports.
 */
export async function rankQueues(db: Queryable, q: QueueRankingQuery): Promise<QueueRankingItem[]> {
  const office = `SELECT device_id, area, sum(reports) AS reports,
      sum(waiting_sum)::float8 / sum(reports) AS waiting, max(max_waiting) AS max_waiting,
      sum(serving_sum)::float8 / sum(reports) AS serving, sum(counters_open_sum)::float8 / sum(reports) AS counters_open,
      sum(wait_sec_sum) AS wait_sec_sum, max(max_wait_sec) AS max_wait_sec,
      sum(satisfaction_sum) AS satisfaction_sum, sum(satisfaction_reports) AS satisfaction_reports
    FROM ${rollupFor('queues', q.bucket)}
    WHERE bucket >= $1 AND bucket < $2 AND ($3::text[] IS NULL OR area = ANY($3))
    GROUP BY device_id, area HAVING sum(reports) > 0`;
  const select =
    q.level === 'office'
      ? `SELECT o.device_id AS id, d.name, o.area, 1 AS offices, o.reports, o.waiting, o.max_waiting, o.serving, o.counters_open,
         o.wait_sec_sum / o.reports AS avg_wait_sec, o.max_wait_sec, o.satisfaction_sum / nullif(o.satisfaction_reports, 0) AS satisfaction_pct
       FROM office o LEFT JOIN devices d ON d.id = o.device_id`
      : `SELECT coalesce(area, '') AS id, NULL::text AS name, area, count(*) AS offices, sum(reports) AS reports, sum(waiting) AS waiting,
         max(max_waiting) AS max_waiting, sum(serving) AS serving, sum(counters_open) AS counters_open,
         sum(wait_sec_sum) / sum(reports) AS avg_wait_sec, max(max_wait_sec) AS max_wait_sec,
         sum(satisfaction_sum) / nullif(sum(satisfaction_reports), 0) AS satisfaction_pct
       FROM office GROUP BY area`;
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  const { rows } = await db.query(
    `WITH office AS (${office}), ranked AS (${select})
     SELECT * FROM ranked ORDER BY ${SORT[q.by]} ${dir} NULLS LAST, id LIMIT $4`,
    [q.from, q.to, q.areas && q.areas.length ? q.areas : null, q.limit],
  );
  return rows.map((x, i) => ({
    rank: i + 1,
    id: x.id,
    name: x.name ?? null,
    area: x.area ?? null,
    offices: Number(x.offices),
    reports: Number(x.reports),
    waiting: num(x.waiting)!,
    maxWaiting: Number(x.max_waiting ?? 0),
    serving: num(x.serving)!,
    countersOpen: num(x.counters_open)!,
    avgWaitSec: num(x.avg_wait_sec),
    maxWaitSec: num(x.max_wait_sec),
    satisfactionPct: num(x.satisfaction_pct),
  }));
}
