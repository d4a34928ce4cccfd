import { readFileSync } from 'node:fs';
import type { Pool } from '@cityops/db';

/** CPU seconds (user + system) of a process from /proc (Linux); undefined when unreadable or gone. */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of those.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

export interface CpuProbe {
  /** CPU seconds used since `start` by each component. */
  stop(): Promise<Record<string, number>>;
}

/**
 * Where the cores went during one scenario: this process, the broker, the publisher and the
 * database backends serving our database (2 cores are shared by all of them here).
 */
export async function startCpuProbe(opts: { brokerPid?: number; pool: Pool; database: string; publisherPid: () => number | undefined }): Promise<CpuProbe> {
  const backends = async () =>
    ((await opts.pool.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [opts.database])).rows as { pid: number }[]).map((r) => r.pid);
  const self0 = process.cpuUsage();
  const broker0 = opts.brokerPid ? cpuSecondsOf(opts.brokerPid) : undefined;
  const db0 = new Map((await backends()).map((pid) => [pid, cpuSecondsOf(pid) ?? 0]));
  let publisherLast = 0;
  const timer = setInterval(() => {
    const pid = opts.publisherPid();
    const s = pid ? cpuSecondsOf(pid) : undefined;
    if (s !== undefined) publisherLast = s;
  }, 100);
  return {
    async stop() {
      clearInterval(timer);
      const self = process.cpuUsage(self0);
      let db = 0;
      for (const pid of await backends()) db += (cpuSecondsOf(pid) ?? 0) - (db0.get(pid) ?? 0);
      const out: Record<string, number> = { 'bench process': (self.user + self.system) / 1e6, publisher: publisherLast, postgres: db };
      if (opts.brokerPid && broker0 !== undefined) out.mosquitto = (cpuSecondsOf(opts.brokerPid) ?? broker0) - broker0;
      return out;
    },
  };
}
