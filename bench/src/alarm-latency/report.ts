import { formatTable } from '../table.ts';
import type { AlarmLatencyResult } from './run-alarm-latency.ts';
import { ms, type LatencySummary } from './stats.ts';

const figures = (s: LatencySummary) => [ms(s.p50), ms(s.p99), ms(s.max), String(s.n)];
const rate = (v: number) => `${Math.round(v).toLocaleString('en')} msg/s`;

/** Goal for the whole server side (node, broker, PostgreSQL) at a steady 5,000 msg/s. */
export const MSG_PER_VCPU_SECOND_TARGET = 8000;

/**
 * Messages the server side handles per CPU-second it spends: the stack, a stand-alone gateway, the
 * broker and the PostgreSQL backends; the publishers and the measuring client are not the server.
 */
export function messagesPerVcpuSecond(r: Pick<AlarmLatencyResult, 'cpu' | 'background' | 'windowMs'>): number {
  const server = ['cityops stack', 'ingest gateway', 'mosquitto', 'postgres'].reduce((sum, k) => sum + (r.cpu[k] ?? 0), 0);
  return (r.background.acked * r.windowMs) / 1000 / server;
}

/** The alarm-latency block of the bench's output: p50/p99/max against the target, and what explains them. */
export function formatAlarmLatency(r: AlarmLatencyResult): string {
  const b = r.background;
  const verdict = r.latency.p99 < r.targetP99Ms && r.lost === 0 ? 'within target' : 'OVER target';
  const rows: string[][] = [
    [
      'f',
      'fire alarm publish → incident:opened (Socket.IO /ops)',
      ...figures(r.latency),
      `p99 < ${r.targetP99Ms} ms (${verdict}${r.lost ? `; ${r.lost} never arrived` : ''})`,
    ],
    ['f1', '  publish → gateway batch transaction began', ...figures(r.stages.toGateway), 'event_log.at of the fire event'],
    ['f2', '  → alerting transaction began', ...figures(r.stages.toAlerting), 'event_log.at of incident.opened'],
    ['f3', '  → arrival on the socket', ...figures(r.stages.toSocket), 'commit, console reader, Socket.IO'],
    ['fr', 'fire alarm publish → receipt (committed)', ...figures(r.receipt), ''],
    [
      'ref',
      'bare broker round-trip, same load',
      ...(r.reference ? figures(r.reference) : ['n/a', 'n/a', 'n/a', '0']),
      'camera publish → plain QoS 1 subscriber',
    ],
  ];
  const cpu = Object.entries(r.cpu)
    .map(([k, v]) => `${k} ${v.toFixed(1)}`)
    .join(', ');
  return [
    `(f) fire alarm latency, ${r.shape === 'one-process' ? 'one process (cityops start ingests)' : 'production shape (a stand-alone gateway ingests; the console hears of commits from the database)'} — broker: ${r.broker}`,
    `  background: target ${rate(b.target)} (${Math.round(b.queueShare * 100)}% queue load, rest camera status; ${b.devices} devices, ${b.processes}` +
      ` publisher processes, QoS 1)` +
      `; achieved ${rate(b.acked)} acked by the broker` +
      (Number.isNaN(b.ingested) ? '' : `, ${rate(b.ingested)} received by the gateway`) +
      (b.errors || b.behind ? `; ${b.errors} publish errors, ${b.behind.toLocaleString('en')} skipped (in-flight bound)` : '') +
      (b.gatewayBacklog > 1000 ? `; gateway ${b.gatewayBacklog.toLocaleString('en')} messages behind at the end` : ''),
    ...(Number.isNaN(b.meanBatch)
      ? []
      : [`  gateway commits: ${Math.round(b.commitsPerSec).toLocaleString('en')}/s, ${b.meanBatch.toFixed(1)} messages per batch on average`]),
    `  CPU s over the ${(r.windowMs / 1000).toFixed(1)} s window: ${cpu}; load average ${r.loadAverage.map((l) => l.toFixed(1)).join(' → ')}`,
    `  server side ${Math.round(messagesPerVcpuSecond(r)).toLocaleString('en')} msg per vCPU-second (stack, gateway, broker, PostgreSQL;` +
      ` goal ≥ ${MSG_PER_VCPU_SECOND_TARGET.toLocaleString('en')} at 5,000 msg/s)`,
    '',
    formatTable(['', 'measurement', 'p50', 'p99', 'max', 'n', 'target / how'], rows),
  ].join('\n');
}
