import { readFileSync } from 'node:fs';

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

/**
 * Where the two cores went during the measured window, per named group of processes. PostgreSQL
 * backends come and go, so the caller lists the pids at both ends (a backend seen only at the end
 * counts from zero).
 */
export class CpuMeter {
  private readonly start = new Map<number, number>();
  private readonly selfStart = process.cpuUsage();

  constructor(private readonly groups: () => Promise<Record<string, readonly number[]>>) {}

  async begin(): Promise<void> {
    for (const pids of Object.values(await this.groups())) for (const pid of pids) this.start.set(pid, cpuSecondsOf(pid) ?? 0);
    Object.assign(this.selfStart, process.cpuUsage());
  }

  async end(): Promise<Record<string, number>> {
    const self = process.cpuUsage(this.selfStart);
    const out: Record<string, number> = { 'bench process': (self.user + self.system) / 1e6 };
    for (const [name, pids] of Object.entries(await this.groups())) {
      out[name] = pids.reduce((s, pid) => s + Math.max(0, (cpuSecondsOf(pid) ?? this.start.get(pid) ?? 0) - (this.start.get(pid) ?? 0)), 0);
    }
    return out;
  }
}
