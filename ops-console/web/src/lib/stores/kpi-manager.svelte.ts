import type { KpiTickEvent } from '@cityops/contracts';
import { KpiHistory, type KpiSeries } from '../kpi/history.ts';
import type { FrameScheduler } from '../realtime/frame-scheduler.ts';

/** The KPI strip's figures: the latest `kpi:tick` and each figure's recent values for its sparkline. */
export class KpiManager {
  latest = $state.raw<KpiTickEvent | null>(null);
  series = $state.raw<KpiSeries | null>(null);

  readonly #history = new KpiHistory();
  readonly #frames: FrameScheduler;

  constructor(frames: FrameScheduler) {
    this.#frames = frames;
  }

  apply(e: KpiTickEvent): void {
    if (!this.#history.push(e)) return;
    this.#frames.schedule('kpi', () => {
      this.latest = this.#history.latest;
      this.series = this.#history.series();
    });
  }
}
