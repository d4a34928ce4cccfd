import type { Logger } from 'pino';
import { formatTable } from '../table.ts';
import { formatAlarmLatency } from './report.ts';
import { runAlarmLatencyBench, type AlarmLatencyOptions, type AlarmLatencyResult } from './run-alarm-latency.ts';
import { ms } from './stats.ts';

/** How far the production shape's p99 may be from one process's (the gap LISTEN/NOTIFY closes). */
export const SHAPE_GAP_TARGET_MS = 25;

export interface ShapesResult {
  oneProcess: AlarmLatencyResult;
  production: AlarmLatencyResult;
}

/**
 * Bench (k): the same alarms at the same background rate (2,000 msg/s by default), once through
 * `cityops start`'s own gateway and once through a stand-alone gateway process beside a console
 * whose own gateway sees no traffic: what a commit in another process costs the alarm.
 */
export async function runShapesBench(
  o: Omit<AlarmLatencyOptions, 'shape' | 'log'> & { log: Logger; progress?: (what: string) => void },
): Promise<ShapesResult> {
  const base = { backgroundRate: 2000, ...o };
  const oneProcess = await runAlarmLatencyBench({ ...base, shape: 'one-process', progress: (w) => o.progress?.(`one process: ${w}`) });
  const production = await runAlarmLatencyBench({ ...base, shape: 'separate-gateway', progress: (w) => o.progress?.(`production shape: ${w}`) });
  return { oneProcess, production };
}

export function formatShapes(r: ShapesResult): string {
  const gap = r.production.latency.p99 - r.oneProcess.latency.p99;
  const row = (name: string, x: AlarmLatencyResult) => [name, ms(x.latency.p50), ms(x.latency.p99), ms(x.latency.max), String(x.latency.n), String(x.lost)];
  return [
    `(k) fire alarm publish → incident:opened, one process beside the production shape, ${Math.round(r.oneProcess.background.target).toLocaleString('en')} msg/s background`,
    formatTable(
      ['', 'p50', 'p99', 'max', 'n', 'lost'],
      [row('one process (cityops start ingests)', r.oneProcess), row('production shape (stand-alone gateway)', r.production)],
    ),
    `  p99 gap ${ms(gap)} (target ≤ ${SHAPE_GAP_TARGET_MS} ms: ${gap <= SHAPE_GAP_TARGET_MS ? 'within' : 'OVER'})`,
    '',
    formatAlarmLatency(r.production),
  ].join('\n');
}
