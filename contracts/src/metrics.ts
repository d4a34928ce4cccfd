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
