import type { Health } from '@cityops/contracts';
import type { FetchLike } from '../api/http.ts';
import { debounced, summarizeHealth, type HealthSummary } from './health-summary.ts';

/**
 * How often the console asks the server whether it is doing its job. With the debounce in
 * ./health-summary.ts this puts "database trouble" on the wall within 10 s of the database going
 * away: about 6 s when it refuses connections, about 8 s when it stops answering (the server's
 * probe waits 5 s).
 */
export const HEALTH_POLL_MS = 3000;
/** A server that does not answer within this is itself reported (everything on screen has stopped). */
export const HEALTH_ANSWER_TIMEOUT_MS = 8000;

/**
 * Polls GET /api/health (public, answered even when the database is down) one request at a time
 * and reports what the banner should show after each answer. Plain TypeScript, so its timing is
 * tested on a fake clock; ./health-manager.svelte.ts makes it reactive.
 */
export class HealthPoller {
  #shown: HealthSummary = { ok: true, issues: [], details: [] };
  #bad = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(
    private readonly fetchFn: FetchLike,
    private readonly onShown: (summary: HealthSummary) => void,
    private readonly everyMs = HEALTH_POLL_MS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  start(): void {
    void this.poll();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  async poll(): Promise<void> {
    const started = this.now();
    let body: Health | null = null;
    try {
      const res = await this.fetchFn('/api/health', {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
        signal: AbortSignal.timeout(HEALTH_ANSWER_TIMEOUT_MS),
      });
      body = (await res.json()) as Health;
    } catch {
      body = null;
    }
    if (this.#stopped) return;
    const next = debounced(this.#shown, this.#bad, summarizeHealth(body), this.now() - started);
    this.#bad = next.bad;
    if (next.shown !== this.#shown) this.onShown(next.shown);
    this.#shown = next.shown;
    this.#timer = setTimeout(() => void this.poll(), this.everyMs);
  }
}
