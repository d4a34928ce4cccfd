import { formatTable } from '../table.ts';
import type { PeerBenchResult, PeerRun } from './run-peer-bench.ts';

const x = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
const pct = (lost: number, acked: number) => `${lost.toLocaleString('en')} (${((100 * lost) / Math.max(1, acked)).toFixed(1)} %)`;

/**
 * (m) as a table, then cityops ÷ each Node-RED flow: throughput (live, where the publishers may be
 * the limit, and draining a queued backlog, where only the consumer is), CPU per message, lost on kill.
 */
export function formatPeerBench(r: PeerBenchResult): string {
  const [ours, ...peers] = r.runs as [PeerRun, ...PeerRun[]];
  const rows = r.runs.map((run) => [
    run.system,
    Math.round(run.msgPerSec).toLocaleString('en'),
    Math.round(run.drainPerSec).toLocaleString('en'),
    run.cpuPer10k.process.toFixed(2),
    run.cpuPer10k.postgres.toFixed(2),
    `${run.kill.stored.toLocaleString('en')} of ${run.kill.acked.toLocaleString('en')}`,
    pct(run.kill.lost, run.kill.acked),
  ]);
  return [
    `(m) cityops beside Node-RED on the same ${r.n.toLocaleString('en')} QoS 1 camera messages (Mosquitto, shipped config; same PostgreSQL; same unique key)`,
    formatTable(['', 'live msg/s', 'drain msg/s', 'CPU s/10k process', 'CPU s/10k PostgreSQL', 'kill -9: stored', 'lost'], rows),
    ...peers.map(
      (p) =>
        `  cityops ÷ ${p.system}: throughput live ${x(ours.msgPerSec, p.msgPerSec)}, draining ${x(ours.drainPerSec, p.drainPerSec)}, CPU per message ${x(ours.cpuPer10k.process + ours.cpuPer10k.postgres, p.cpuPer10k.process + p.cpuPer10k.postgres)} (process + PostgreSQL), lost on kill -9 ${ours.kill.lost} vs ${p.kill.lost}`,
    ),
  ].join('\n');
}
