import type { KpiTickEvent } from '@cityops/contracts';
import type { Api } from '../api/http.ts';
import { KpiHistory, type KpiSeries } from '../kpi/history.ts';
import { loadKpiHistory } from '../kpi/history-load.ts';
import type { FrameScheduler } from '../realtime/frame-scheduler.ts';

/**
 * The KPI strip's figures: the latest `kpi:tick` and each figure's last five hours in 5-minute points
 * for its sparkline — loaded from the rollups when the page opens, then extended by the
 * live ticks, so a reload does not start the sparklines empty.
 */
export class KpiManager {
  latest = $state.raw<KpiTickEvent | null>(null);
  series = $state.raw<KpiSeries | null>(null);

  readonly #history = new KpiHistory();
  readonly #frames: FrameScheduler;

  constructor(frames: FrameScheduler) {
    this.#frames = frames;
  }

  apply(e: KpiTickEvent): void {
    if (this.#history.push(e)) this.#publish();
  }

  /** GET /api/history/kpi; without it the sparklines start from the live figures. */
  async load(api: Api, now = Date.now()): Promise<void> {
    if (this.#history.seed(await loadKpiHistory(api, now)) > 0) this.#publish();
  }

  #publish(): void {
    this.#frames.schedule('kpi', () => {
      this.latest = this.#history.latest;
      this.series = this.#history.series();
    });
  }
}
