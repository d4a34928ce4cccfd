/**
 * A Prometheus metric family as a component reports it: the component that counts owns the
 * names and help texts; the console only renders families into the text format at /metrics.
 */
export interface MetricFamily {
  name: string;
  type: 'counter' | 'gauge';
  help: string;
  samples: readonly { labels?: Record<string, string>; value: number }[];
}
