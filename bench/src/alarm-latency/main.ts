/**
 * The fire-alarm latency bench alone: `npx tsx bench/src/alarm-latency/main.ts` (`npm run bench`
 * runs it as its last step). Env: BENCH_ALARM_* (bench README), DATABASE_URL, LOG_LEVEL.
 */
import pino from 'pino';
import { machineInfo } from '../machine.ts';
import { alarmOptionsFromEnv, formatAlarmLatency, runAlarmLatencyBench } from './index.ts';

const started = Date.now();
const cleanups: (() => Promise<void>)[] = [];
const onSignal = () => void Promise.allSettled(cleanups.reverse().map((c) => c())).then(() => process.exit(130));
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

try {
  const result = await runAlarmLatencyBench({
    ...alarmOptionsFromEnv(process.env),
    log: pino({ level: process.env.LOG_LEVEL ?? 'warn' }),
    onCleanup: (c) => cleanups.push(c),
    progress: (what) => process.stderr.write(`alarm bench: ${what}…\n`),
  });
  process.stdout.write(
    [
      '',
      `cityops alarm-latency bench — ${new Date().toISOString()}`,
      `machine:  ${machineInfo()}`,
      `database: ${result.database}`,
      '',
      formatAlarmLatency(result),
      '',
      `total ${((Date.now() - started) / 1000).toFixed(1)} s`,
      '',
    ].join('\n'),
  );
  process.exit(0);
} catch (err) {
  process.stderr.write(`alarm bench failed: ${(err as Error).stack ?? (err as Error).message}\n`);
  process.exit(1);
}
