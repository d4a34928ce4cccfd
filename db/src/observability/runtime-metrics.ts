import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The process and runtime figures every cityops process reports (prom-client's defaults: CPU,
 * memory, event-loop lag, GC, handles), as Prometheus text.
 */
export function runtimeMetrics(): () => Promise<string> {
  const runtime = new Registry();
  collectDefaultMetrics({ register: runtime });
  // Gauges named like counters, which promtool refuses; the same counts are in the families
  // without the suffix (`nodejs_active_handles{type}` and its kin).
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) runtime.removeSingleMetric(name);
  return () => runtime.metrics();
}
