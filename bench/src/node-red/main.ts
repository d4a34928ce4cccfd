/**
 * Bench (m) alone: `npx tsx bench/src/node-red/main.ts` (BENCH_PEER_N, default 100000). `npm run bench`
 * runs it too (BENCH_PEER=0 skips it there).
 */
import pino from 'pino';
import { formatPeerBench } from './report.ts';
import { runPeerBench } from './run-peer-bench.ts';

const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
// Ctrl-C stops what the bench started (Node-RED, the gateway, the broker) and drops its database.
const cleanups: (() => Promise<void>)[] = [];
const onSignal = () => void Promise.allSettled(cleanups.reverse().map((c) => c())).then(() => process.exit(130));
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
runPeerBench({
  log,
  n: Number(process.env.BENCH_PEER_N ?? 100_000),
  progress: (w) => process.stderr.write(`bench (m): ${w}\n`),
  onCleanup: (c) => void cleanups.push(c),
}).then(
  (r) => {
    process.stdout.write(`${formatPeerBench(r)}\n`);
    process.exit(0);
  },
  (err: Error) => {
    process.stderr.write(`bench (m) failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
