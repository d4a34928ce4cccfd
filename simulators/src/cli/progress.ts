import type { SimulationStats } from '../runner/stats.ts';

export function formatProgress(s: SimulationStats): string {
  return [
    `connected ${s.connected}/${s.devices}`,
    `published ${s.published}`,
    `acks ${s.receiptsAcked}` + (s.receiptsRejected ? ` (rejected ${s.receiptsRejected})` : ''),
    `resends ${s.resends}`,
    `dropped ${s.dropped}`,
    `errors ${s.errors}`,
    `${s.msgPerSec.toFixed(1)} msg/s`,
    `${Math.round(s.elapsedSec)} s`,
  ].join(' · ');
}

/**
 * On a terminal the progress line is rewritten in place every second; in a log file or CI it is
 * one line every few seconds, so the output stays readable.
 */
export function createProgressPrinter(out: { isTTY?: boolean; write(s: string): unknown }, everyMs = 5_000) {
  let lastLineAt = -Infinity;
  return {
    update(s: SimulationStats, now: number): void {
      if (out.isTTY) out.write(`\r${formatProgress(s)}\x1b[K`);
      else if (now - lastLineAt >= everyMs) {
        lastLineAt = now;
        out.write(`${formatProgress(s)}\n`);
      }
    },
    final(s: SimulationStats): void {
      out.write(`${out.isTTY ? '\r' : ''}final: ${formatProgress(s)}${out.isTTY ? '\x1b[K' : ''}\n`);
    },
  };
}
