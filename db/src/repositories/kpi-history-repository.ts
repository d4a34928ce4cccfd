import { HOTLINE_DEADLINES, type KpiHistoryPoint } from '@cityops/contracts';
import { HISTORY_BUCKET_SPECS, rollupFor } from './history-buckets.ts';
import type { HistoryRange, Queryable } from './history-repository.ts';

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const round1 = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : Math.round(v * 10) / 10);

/**
 * The KPI strip's figures per bucket, for its sparklines: one row per bucket of the range,
 * nulls where a stream has no data. Telemetry figures come from the rollups; incidents and the hotline
 * figure are evaluated at each bucket's end (or now, for the bucket in progress) with the definitions
 * of readKpiFigures, from the incidents and tickets of the range only.
 *   cameras online %   online status reports / all status reports in the bucket (live: latest status)
 *   QR taps per minute taps in the bucket / its minutes so far (live: the last full minute)
 *   queue waiting, p90 sum and 90th percentile over offices of their mean in the bucket (live: latest report)
 */
export async function readKpiHistory(db: Queryable, r: HistoryRange, now: Date): Promise<KpiHistoryPoint[]> {
  const spec = HISTORY_BUCKET_SPECS[r.bucket];
  const areaFilter = '($3::text[] IS NULL OR area = ANY($3))';
  const inRange = `bucket >= $1 AND bucket < $2 AND ${areaFilter}`;
  const { rows } = await db.query(
    `WITH b AS (SELECT bucket FROM generate_series($1::timestamptz, $2::timestamptz - $4::interval, $4::interval) AS bucket WHERE bucket <= $5),
     cam AS (SELECT bucket, sum(online) AS online, sum(reports) AS reports FROM ${rollupFor('cameras', r.bucket)} WHERE ${inRange} GROUP BY bucket),
     tr AS (SELECT bucket, sum(taps) AS taps FROM ${rollupFor('transit', r.bucket)} WHERE ${inRange} GROUP BY bucket),
     q AS (SELECT bucket, sum(reports) AS reports, sum(avg_waiting) AS waiting, percentile_cont(0.9) WITHIN GROUP (ORDER BY avg_wait_sec) AS p90
           FROM ${rollupFor('queues', r.bucket)} WHERE ${inRange} GROUP BY bucket),
     f AS (SELECT bucket, sum(events) AS events FROM ${rollupFor('fire', r.bucket)} WHERE ${inRange} GROUP BY bucket),
     inc AS MATERIALIZED (SELECT opened_at, acknowledged_at, resolved_at FROM incidents
       WHERE opened_at < $2 AND (resolved_at IS NULL OR resolved_at >= $1 OR opened_at >= $1::timestamptz - interval '24 hours') AND ${areaFilter}),
     hot AS MATERIALIZED (SELECT line_since, forwarded_at FROM tickets
       WHERE line = '1022' AND line_since < $2 AND line_since > $1::timestamptz - interval '24 hours')
     SELECT b.bucket, extract(epoch FROM e.at - b.bucket)::float8 AS elapsed,
       cam.online, cam.reports AS cam_reports, tr.taps, q.reports AS q_reports, q.waiting, q.p90, f.events,
       i.open, i.mtta, h.decided, h.met
     FROM b LEFT JOIN cam USING (bucket) LEFT JOIN tr USING (bucket) LEFT JOIN q USING (bucket) LEFT JOIN f USING (bucket)
     CROSS JOIN LATERAL (SELECT least(b.bucket + $4::interval, $5::timestamptz) AS at) e
     CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE opened_at <= e.at AND (resolved_at IS NULL OR resolved_at > e.at))::int AS open,
         (avg(extract(epoch FROM acknowledged_at - opened_at))
            FILTER (WHERE opened_at > e.at - interval '24 hours' AND acknowledged_at <= e.at))::float8 AS mtta
       FROM inc) i
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS decided, count(*) FILTER (WHERE forwarded_at <= line_since + $6 * interval '1 millisecond')::int AS met
       FROM (SELECT line_since, CASE WHEN forwarded_at <= e.at THEN forwarded_at END AS forwarded_at FROM hot
             WHERE line_since > e.at - interval '24 hours' AND line_since <= e.at) t
       WHERE forwarded_at IS NOT NULL OR line_since + $6 * interval '1 millisecond' < e.at) h
     ORDER BY b.bucket`,
    [r.from, r.to, r.areas && r.areas.length ? r.areas : null, spec.interval, now, HOTLINE_DEADLINES['1022']!.forwardWithinMs],
  );
  return rows.map((x) => {
    const elapsed = Math.max(1, Number(x.elapsed));
    const camReports = num(x.cam_reports);
    const messages = [x.cam_reports, x.taps, x.q_reports, x.events].reduce<number | null>(
      (s, v) => (v === null || v === undefined ? s : (s ?? 0) + Number(v)),
      null,
    );
    return {
      bucket: (x.bucket as Date).toISOString(),
      camerasOnlinePct: camReports ? round1((100 * Number(x.online)) / camReports) : null,
      openIncidents: Number(x.open),
      mttaSec: x.mtta === null ? null : Math.round(Number(x.mtta)),
      qrTapsPerMin: x.taps === null ? null : round1((Number(x.taps) * 60) / elapsed),
      queueWaiting: round1(num(x.waiting)),
      queueP90WaitSec: x.p90 === null ? null : Math.round(Number(x.p90)),
      hotlineCompliancePct: x.decided ? round1((100 * Number(x.met)) / Number(x.decided)) : null,
      messagesPerSecond: messages === null ? null : round1(messages / elapsed),
    };
  });
}
