/**
 * A Prometheus metric family as a component reports it: the component that counts owns the
 * names and help texts; the console only renders families into the text format at /metrics.
 */
export interface MetricFamily {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  help: string;
  /** A histogram's samples name their series by `suffix` (`_bucket` with an `le` label, `_sum`, `_count`). */
  samples: readonly { suffix?: '_bucket' | '_sum' | '_count'; labels?: Record<string, string>; value: number }[];
}

/**
 * A Prometheus histogram with optional labels, kept as plain counts: each component observes into
 * its own and reports it with its other families. Buckets are cumulative on output, as the text
 * format wants.
 */
export class Histogram {
  readonly #series = new Map<string, { labels: Record<string, string>; counts: number[]; sum: number; count: number }>();

  /** `series`: label sets shown (at zero) before their first observation, so a dashboard reads 0, not "no data". */
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
    series: readonly Record<string, string>[] = [{}],
  ) {
    for (const labels of series) this.#of(labels);
  }

  #of(labels: Record<string, string>) {
    const key = JSON.stringify(labels);
    let s = this.#series.get(key);
    if (!s) this.#series.set(key, (s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    return s;
  }

  observe(value: number, labels: Record<string, string> = {}): void {
    const s = this.#of(labels);
    const i = this.buckets.findIndex((le) => value <= le);
    if (i >= 0) s.counts[i]! += 1;
    s.sum += value;
    s.count += 1;
  }

  /** Observations so far over all series (for tests and benches). */
  get count(): number {
    let n = 0;
    for (const s of this.#series.values()) n += s.count;
    return n;
  }

  family(): MetricFamily {
    const samples: MetricFamily['samples'][number][] = [];
    for (const s of this.#series.values()) {
      let cumulative = 0;
      this.buckets.forEach((le, i) => {
        cumulative += s.counts[i]!;
        samples.push({ suffix: '_bucket', labels: { ...s.labels, le: String(le) }, value: cumulative });
      });
      samples.push({ suffix: '_bucket', labels: { ...s.labels, le: '+Inf' }, value: s.count });
      samples.push({ suffix: '_sum', labels: s.labels, value: s.sum });
      samples.push({ suffix: '_count', labels: s.labels, value: s.count });
    }
    return { name: this.name, type: 'histogram', help: this.help, samples };
  }
}

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
