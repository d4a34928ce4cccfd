/**
 * `tsx bench/src/fps/main.ts`: the map frame-rate bench alone (see run-fps-bench.ts).
 * Env: BENCH_FPS_DEVICES (50000), BENCH_FPS_RATE (2000), BENCH_FPS_WINDOW_MS (20000), BENCH_FPS_WARMUP_MS (5000), DATABASE_URL.
 */
import pino from 'pino';
import { formatFpsResult, runFpsBench } from './run-fps-bench.ts';

runFpsBench(pino({ level: process.env.LOG_LEVEL ?? 'warn' })).then(
  (r) => {
    process.stdout.write(`\n${formatFpsResult(r)}\n`);
    process.exit(0);
  },
  (err: Error) => {
    process.stderr.write(`fps bench failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
