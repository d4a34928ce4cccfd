import { ms } from '../alarm-latency/stats.ts';
import { formatTable } from '../table.ts';
import { ROLLUP_P95_TARGET_MS, type RollupsBenchResult } from './run-rollups-bench.ts';

/** The (h) block of `npm run bench`: figures, the raw scan beside each, the ratio and the target. */
export function formatRollups(r: RollupsBenchResult): string {
  const c = r.cadence;
  const perSec = Math.round(r.load.rows / (r.load.ms / 1000)).toLocaleString('en');
  const worst = Math.max(...r.queries.map((q) => q.rollup.p95));
  return [
    `(h) history rollups — embedded PGlite + TimescaleDB 2.23, one connection. Target: every query p95 < ${ROLLUP_P95_TARGET_MS} ms.`,
    `city:     ${r.city.cameras + r.city.fire + r.city.transit + r.city.queue} devices in ${r.city.areas} areas (${r.city.cameras} cameras,` +
      ` ${r.city.fire} fire panels, ${r.city.transit} QR readers on 33 routes, ${r.city.queue} one-stop kiosks), ${r.days} days to ${r.load.to.toISOString()}`,
    `cadence:  camera status every ${c.cameraEveryMin} min (contract heartbeat ≤ 30 s, scaled down), fire heartbeat every ${c.fireEveryMin} min,` +
      ` ${c.tapsPerReaderDay} taps/reader/day (rush hours), kiosk report every ${c.queueEveryMin} min 07–17 h`,
    `load:     ${r.load.rows.toLocaleString('en')} rows (INSERT … unnest in batches of 20,000: the embedded wire server cannot take COPY)` +
      ` in ${(r.load.ms / 1000).toFixed(1)} s (${perSec} rows/s): ${Object.entries(r.load.byTable)
        .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
        .join(', ')}; raw ${r.sizes.raw}, rollups ${r.sizes.rollups}`,
    `refresh:  the 5m, 1h and 1d continuous aggregates over all ${r.days} days (1d and the rebuilt queue 1h from the level below), the 1m ones over their` +
      ` 3 h policy window: ${(r.refreshMs / 1000).toFixed(1)} s`,
    '',
    formatTable(
      ["query (the console's)", 'rows', 'rollup p50', 'rollup p95', 'raw p50', 'raw p95', 'raw/rollup p95', 'same answer', `p95 < ${ROLLUP_P95_TARGET_MS} ms`],
      r.queries.map((q) => [
        q.name,
        String(q.rollup.rows),
        ms(q.rollup.p50),
        ms(q.rollup.p95),
        ms(q.raw.p50),
        `${ms(q.raw.p95)} (n=${q.raw.runs})`,
        `${(q.raw.p95 / q.rollup.p95).toFixed(1)}×`,
        q.same ? 'yes' : 'NO',
        q.rollup.p95 < ROLLUP_P95_TARGET_MS ? 'yes' : 'NO',
      ]),
    ),
    '',
    `rollup runs per query: ${r.queries[0]?.rollup.runs ?? 0} after 3 warm-up runs; raw scans: up to ${Math.max(...r.queries.map((q) => q.raw.runs))}` +
      ` runs or about 15 s per query (n above), after 1 warm-up.`,
    `worst rollup p95 ${ms(worst)} → target ${worst < ROLLUP_P95_TARGET_MS ? 'met' : 'NOT met'} (${(worst / ROLLUP_P95_TARGET_MS).toFixed(2)} of the limit).`,
  ].join('\n');
}
