import { poolFamilies, readerLag, readKpiFigures, runtimeMetrics, type EventLogListener, type Pool } from '@cityops/db';
import { MetricsText, type MetricFamily } from '@cityops/contracts';

export interface StackMetricSources {
  pool: Pool;
  /** Each part's own families (gateway, alerting, notifier, realtime), read when /metrics is asked. */
  parts: () => MetricFamily[];
  /** The last event-log id each reader has handled. */
  readers: () => Promise<Record<string, number>>;
  /** The LISTEN connection that wakes the readers (PostgreSQL only). */
  listener?: EventLogListener | undefined;
}

/**
 * What `GET /metrics` of `cityops start` answers: the process and runtime (prom-client's defaults:
 * CPU, memory, event-loop lag, GC, handles), each part's families, the database pool, how far each
 * event-log reader is behind, and the same device and incident figures as the KPI strip.
 */
export function stackMetrics(s: StackMetricSources): () => Promise<string> {
  const runtime = runtimeMetrics();
  return async () => {
    const m = new MetricsText();
    for (const f of s.parts()) m.family(f);
    for (const f of poolFamilies(s.pool)) m.family(f);
    const lags = await Promise.all(Object.entries(await s.readers()).map(async ([reader, lastId]) => ({ reader, ...(await readerLag(s.pool, lastId)) })));
    m.metric(
      'cityops_event_log_lag_events',
      'gauge',
      'Events logged and not yet handled, by reader',
      lags.map((l) => ({ labels: { reader: l.reader }, value: l.behind })),
    );
    m.metric(
      'cityops_event_log_lag_seconds',
      'gauge',
      "Age of each reader's oldest unhandled event (0 when it is level)",
      lags.map((l) => ({ labels: { reader: l.reader }, value: l.lagSeconds })),
    );
    if (s.listener)
      m.metric('cityops_event_log_listener_up', 'gauge', 'Whether the LISTEN connection that wakes the readers is up (1) or they poll (0)', [
        { value: s.listener.listening ? 1 : 0 },
      ]);
    // The same figures as the KPI strip: one definition of "devices by status" and "active incidents".
    const k = await readKpiFigures(s.pool, new Date());
    m.metric(
      'cityops_devices',
      'gauge',
      'Registered devices by live status',
      Object.entries(k.devicesByStatus).map(([status, value]) => ({ labels: { status }, value })),
    );
    m.metric('cityops_incidents_active', 'gauge', 'Incidents open, acknowledged or dispatched', [{ value: k.openIncidents }]);
    return `${m.toString()}${await runtime()}`;
  };
}
