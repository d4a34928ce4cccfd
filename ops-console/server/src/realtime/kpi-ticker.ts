import type { Logger } from 'pino';

export interface KpiTickerOptions<T> {
  /** Reads the figures (a few aggregate queries). */
  compute: () => Promise<T>;
  emit: (figures: T) => void;
  /** Whether anyone watches: no query when nobody does. */
  active: () => boolean;
  log: Logger;
  /** The steady pace. */
  everyMs: number;
  /** How soon after a change the strip counts (an incident, a ticket) it is refreshed. */
  soonMs?: number;
}

/**
 * `kpi:tick` on a steady pace, and soon after anything the strip counts has changed: a new alarm is
 * in the incident list at once, and the strip's count of open incidents must not trail it by up to
 * a whole period. One computation at a time; a request made while one runs is served once it ends.
 */
export class KpiTicker<T> {
  readonly #opts: KpiTickerOptions<T>;
  #timer: ReturnType<typeof setInterval> | undefined;
  #soon: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #again = false;

  constructor(opts: KpiTickerOptions<T>) {
    this.#opts = opts;
  }

  start(): void {
    this.#timer ??= setInterval(() => this.#run(), this.#opts.everyMs);
  }

  /** Something the strip counts changed: a tick within `soonMs` (coalesced), not up to `everyMs` later. */
  soon(): void {
    if (this.#soon || !this.#timer) return;
    this.#soon = setTimeout(() => {
      this.#soon = undefined;
      this.#run();
    }, this.#opts.soonMs ?? 250);
  }

  stop(): void {
    clearInterval(this.#timer);
    clearTimeout(this.#soon);
    this.#timer = this.#soon = undefined;
  }

  #run(): void {
    if (!this.#timer || !this.#opts.active()) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    this.#opts
      .compute()
      .then(
        (figures) => {
          if (this.#timer) this.#opts.emit(figures);
        },
        (err: Error) => this.#opts.log.warn({ err }, 'KPI figures unavailable'),
      )
      .finally(() => {
        this.#running = false;
        if (this.#again) {
          this.#again = false;
          this.#run();
        }
      });
  }
}
