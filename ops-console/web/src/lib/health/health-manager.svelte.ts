import type { FetchLike } from '../api/http.ts';
import { HealthPoller } from './health-poller.ts';
import type { HealthSummary } from './health-summary.ts';

/**
 * The stack's readiness for the banner (./health-poller.ts asks the server), so the console says so
 * when ingest, alerting or the database stop, rather than silently showing a frozen city.
 */
export class HealthManager {
  summary = $state.raw<HealthSummary>({ ok: true, issues: [], details: [] });
  private readonly poller: HealthPoller;

  constructor(fetchFn: FetchLike, everyMs?: number) {
    this.poller = new HealthPoller(fetchFn, (shown) => (this.summary = shown), everyMs);
  }

  start(): void {
    this.poller.start();
  }

  stop(): void {
    this.poller.stop();
  }
}
