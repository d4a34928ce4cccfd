import { envNumber } from '../env-number.ts';
import type { AlarmLatencyOptions } from './run-alarm-latency.ts';

type Env = Readonly<Record<string, string | undefined>>;
const num = envNumber;

function shapeOf(raw: string | undefined): AlarmLatencyOptions['shape'] {
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'one-process' || raw === 'separate-gateway') return raw;
  throw new Error(`BENCH_ALARM_SHAPE must be one-process or separate-gateway, got "${raw}"`);
}

/** BENCH_ALARM_* variables (bench README); unset ones keep the defaults of runAlarmLatencyBench. */
export function alarmOptionsFromEnv(env: Env): Omit<AlarmLatencyOptions, 'log'> {
  const o: Omit<AlarmLatencyOptions, 'log'> = {
    backgroundRate: num(env, 'BENCH_ALARM_RATE', 0, 100_000),
    queueShare: num(env, 'BENCH_ALARM_QUEUE_SHARE', 0, 1),
    backgroundDevices: num(env, 'BENCH_ALARM_DEVICES', 2, 20_000),
    publisherProcesses: num(env, 'BENCH_ALARM_PUBLISHERS', 1, 16),
    alarms: num(env, 'BENCH_ALARM_COUNT', 1, 2000),
    intervalMs: num(env, 'BENCH_ALARM_INTERVAL_MS', 10, 10_000),
    shape: shapeOf(env.BENCH_ALARM_SHAPE),
  };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
