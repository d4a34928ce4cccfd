import type { Health } from '@cityops/contracts';
import type { FetchLike } from '../api/http.ts';
import { debounced, summarizeHealth, type HealthSummary } from './health-summary.ts';

/** How often the console asks the server whether it is doing its job. */
export const HEALTH_POLL_MS = 10_000;

/**
 * Polls GET /api/health (public, answered even when the database is down) so the console says so
 * when ingest, alerting or the database stop, rather than silently showing a frozen city.
 */
export class HealthManager {
  summary = $state.raw<HealthSummary>({ ok: true, issues: [], details: [] });
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private bad = 0;

  constructor(
    private readonly fetchFn: FetchLike,
    private readonly everyMs = HEALTH_POLL_MS,
  ) {}

  start(): void {
    void this.poll();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  async poll(): Promise<void> {
    let body: Health | null = null;
    try {
      const res = await this.fetchFn('/api/health', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      body = (await res.json()) as Health;
    } catch {
      body = null;
    }
    const next = debounced(this.summary, this.bad, summarizeHealth(body));
    this.summary = next.shown;
    this.bad = next.bad;
    if (!this.stopped) this.timer = setTimeout(() => void this.poll(), this.everyMs);
  }
}
