/**
 * Bench (l) alone: `npx tsx bench/src/fanout/main.ts` (`npm run bench` runs it too; BENCH_FANOUT=0
 * skips it there). Env: BENCH_FANOUT_SOCKETS (200), BENCH_FANOUT_RATE (1000), BENCH_FANOUT_SECONDS
 * (20), DATABASE_URL, LOG_LEVEL.
 */
import pino from 'pino';
import { machineInfo } from '../machine.ts';
import { fanoutOptionsFromEnv, formatFanout, runFanoutBench } from './index.ts';

const cleanups: (() => Promise<void>)[] = [];
const onSignal = () => void Promise.allSettled(cleanups.reverse().map((c) => c())).then(() => process.exit(130));
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

try {
  const result = await runFanoutBench({
    ...fanoutOptionsFromEnv(process.env),
    log: pino({ level: process.env.LOG_LEVEL ?? 'warn' }),
    onCleanup: (c) => cleanups.push(c),
    progress: (what) => process.stderr.write(`fan-out bench: ${what}…\n`),
  });
  process.stdout.write(['', `cityops fan-out bench — ${new Date().toISOString()}`, `machine:  ${machineInfo()}`, '', formatFanout(result), ''].join('\n'));
  process.exit(0);
} catch (err) {
  process.stderr.write(`fan-out bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
}
