import type { MetricFamily } from '@cityops/contracts';

/** A tiny Prometheus text writer: enough for counters and gauges with labels. */
export class MetricsText {
  private readonly lines: string[] = [];

  metric(name: string, type: MetricFamily['type'], help: string, samples: MetricFamily['samples']): this {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const s of samples) {
      const labels =
        s.labels && Object.keys(s.labels).length
          ? `{${Object.entries(s.labels)
              .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
              .join(',')}}`
          : '';
      this.lines.push(`${name}${s.suffix ?? ''}${labels} ${Number.isFinite(s.value) ? s.value : 0}`);
    }
    return this;
  }

  family(f: MetricFamily): this {
    return this.metric(f.name, f.type, f.help, f.samples);
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
