import { cpuSecondsOf } from '../cpu.ts';

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
