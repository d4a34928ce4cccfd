import type { KpiTickEvent } from '@cityops/contracts';
import { KPI_FIGURES, kpiValues, type KpiName } from './figures.ts';

/** The server sends `kpi:tick` every 5 s (contract, KpiTickEvent). */
export const KPI_TICK_MS = 5_000;
/** Ticks a sparkline spans: the last five minutes. */
export const HISTORY_TICKS = 60;

export type KpiSeries = Readonly<Record<KpiName, readonly (number | null)[]>>;

/**
 * The last `capacity` values of every figure, kept in this browser from the ticks it receives.
 * Ticks missed while the link was down become gaps, so a sparkline never joins across an outage.
 */
export class KpiHistory {
  latest: KpiTickEvent | null = null;
  readonly #capacity: number;
  readonly #tickMs: number;
  readonly #series = new Map<KpiName, (number | null)[]>(KPI_FIGURES.map((f) => [f.name, []]));
  #lastAt = Number.NEGATIVE_INFINITY;

  constructor(capacity = HISTORY_TICKS, tickMs = KPI_TICK_MS) {
    this.#capacity = capacity;
    this.#tickMs = tickMs;
  }

  /** Adds a tick; false (and nothing changes) for one not newer than the last, or without a time. */
  push(e: KpiTickEvent): boolean {
    const at = Date.parse(e.at);
    if (!Number.isFinite(at) || at <= this.#lastAt) return false;
    const missed = Number.isFinite(this.#lastAt)
      ? Math.min(this.#capacity, Math.max(0, Math.round((at - this.#lastAt) / this.#tickMs) - 1))
      : 0;
    const values = kpiValues(e);
    for (const [name, series] of this.#series) {
      for (let i = 0; i < missed; i++) series.push(null);
      series.push(values[name]);
      if (series.length > this.#capacity) series.splice(0, series.length - this.#capacity);
    }
    this.#lastAt = at;
    this.latest = e;
    return true;
  }

  /** A copy, so a reactive consumer sees a new object each time. */
  series(): KpiSeries {
    const out = {} as Record<KpiName, readonly (number | null)[]>;
    for (const [name, series] of this.#series) out[name] = series.slice();
    return out;
  }
}
