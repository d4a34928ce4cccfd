import type { KpiHistoryPoint, KpiTickEvent } from '@cityops/contracts';
import { KPI_FIGURES, kpiValues, pointValues, type KpiName, type KpiValues } from './figures.ts';

/** One sparkline point per 5 minutes: the grain of the rollups behind GET /api/history/kpi. */
export const SLOT_MS = 5 * 60_000;
/** Points a sparkline spans: the last five hours. */
export const HISTORY_SLOTS = 60;

export type KpiSeries = Readonly<Record<KpiName, readonly (number | null)[]>>;

/**
 * The last `capacity` 5-minute slots of every figure. Seeded from the rollups on page load
 * (`seed`, GET /api/history/kpi), then kept current by the live ticks: a tick sets the slot it falls
 * in (the latest tick of a slot wins, as the figure at the slot's end). Slots nobody filled are
 * gaps, so a sparkline never joins across an outage.
 */
export class KpiHistory {
  latest: KpiTickEvent | null = null;
  readonly #capacity: number;
  readonly #slotMs: number;
  readonly #slots = new Map<number, KpiValues>();
  #lastTickAt = Number.NEGATIVE_INFINITY;
  #newestSlot = Number.NEGATIVE_INFINITY;

  constructor(capacity = HISTORY_SLOTS, slotMs = SLOT_MS) {
    this.#capacity = capacity;
    this.#slotMs = slotMs;
  }

  #slotOf(t: number): number {
    return Math.floor(t / this.#slotMs) * this.#slotMs;
  }

  #set(slot: number, values: KpiValues): void {
    this.#slots.set(slot, values);
    if (slot > this.#newestSlot) this.#newestSlot = slot;
    const oldest = this.#newestSlot - (this.#capacity - 1) * this.#slotMs;
    for (const s of this.#slots.keys()) if (s < oldest) this.#slots.delete(s);
  }

  /** Adds a live tick; false (and nothing changes) for one not newer than the last, or without a time. */
  push(e: KpiTickEvent): boolean {
    const at = Date.parse(e.at);
    if (!Number.isFinite(at) || at <= this.#lastTickAt) return false;
    this.#lastTickAt = at;
    this.latest = e;
    this.#set(this.#slotOf(at), kpiValues(e));
    return true;
  }

  /**
   * Fills slots from the history API. A slot a live tick already set keeps the tick's value: it is
   * newer than the rollup's. Returns how many slots were filled.
   */
  seed(points: readonly KpiHistoryPoint[]): number {
    const liveSlot = Number.isFinite(this.#lastTickAt) ? this.#slotOf(this.#lastTickAt) : Number.POSITIVE_INFINITY;
    let n = 0;
    for (const p of points) {
      const t = Date.parse(p.bucket);
      if (!Number.isFinite(t)) continue;
      const slot = this.#slotOf(t);
      if (slot >= liveSlot && this.#slots.has(slot)) continue;
      this.#set(slot, pointValues(p));
      n++;
    }
    return n;
  }

  /** Oldest first, ending at the newest slot; a copy, so a reactive consumer sees a new object each time. */
  series(): KpiSeries {
    const out = {} as Record<KpiName, (number | null)[]>;
    for (const f of KPI_FIGURES) out[f.name] = [];
    if (!Number.isFinite(this.#newestSlot)) return out;
    for (let i = this.#capacity - 1; i >= 0; i--) {
      const values = this.#slots.get(this.#newestSlot - i * this.#slotMs);
      for (const f of KPI_FIGURES) out[f.name].push(values ? values[f.name] : null);
    }
    // Leading slots before anything was known are not gaps: the line starts where the data does.
    const first = Math.min(...KPI_FIGURES.map((f) => out[f.name].findIndex((v) => v !== null)).map((i) => (i < 0 ? Infinity : i)));
    if (Number.isFinite(first) && first > 0) for (const f of KPI_FIGURES) out[f.name].splice(0, first);
    return out;
  }
}
