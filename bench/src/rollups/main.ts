/**
 * (h) alone: `npx tsx bench/src/rollups/main.ts` (BENCH_ROLLUP_DAYS, BENCH_ROLLUP_RUNS, BENCH_ROLLUP_RAW_RUNS).
 * `npm run bench` runs it too, after the ingest figures.
 */
import pino from 'pino';
import { formatRollups } from './report.ts';
import { rollupOptionsFromEnv, runRollupsBench } from './run-rollups-bench.ts';

const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
const started = Date.now();
runRollupsBench(rollupOptionsFromEnv(process.env, log, (w) => process.stderr.write(`bench (h): ${w}…\n`))).then(
  (r) => {
    process.stdout.write(`\n${formatRollups(r)}\n\ntotal ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    process.exit(0);
  },
  (err: Error) => {
    process.stderr.write(`bench (h) failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
