import type { LatestQueueLoadsResponse, QueueLoadEvent, TransitRidershipEvent } from '@cityops/contracts';
import type { Api } from '../api/http.ts';
import { FeedIndex, type QueueLoad, type RidershipStop } from '../map/feeds.ts';
import type { FrameScheduler } from '../realtime/frame-scheduler.ts';

/**
 * The map's overlays fed by the server (`queue:load`, `transit:ridership`), applied at once to a
 * plain FeedIndex and published at most once per animation frame. Offices start from a snapshot
 * of every kiosk's latest load, so they are all on the map before any kiosk reports again.
 */
export class MapFeedsManager {
  queueLoads = $state.raw<QueueLoad[]>([]);
  ridership = $state.raw<RidershipStop[]>([]);

  readonly #index = new FeedIndex();
  readonly #frames: FrameScheduler;

  constructor(frames: FrameScheduler) {
    this.#frames = frames;
  }

  /** GET /api/queues/latest, merged by report time with whatever `queue:load` arrived meanwhile. */
  async load(api: Pick<Api, 'get'>): Promise<void> {
    try {
      const { items } = await api.get<LatestQueueLoadsResponse>('/api/queues/latest');
      let changed = false;
      for (const load of items) changed = this.#index.applyQueueLoad(load) || changed;
      if (changed) this.#schedule();
    } catch (err) {
      // The office layer then fills as kiosks report, as it did before the snapshot existed.
      console.warn('cityops: loading the latest queue loads failed; offices appear as they report', err);
    }
  }

  applyQueueLoad(e: QueueLoadEvent): void {
    const { sseq: _sseq, ...load } = e;
    if (this.#index.applyQueueLoad(load)) this.#schedule();
  }

  applyRidership(e: TransitRidershipEvent): void {
    if (this.#index.applyRidership(e)) this.#schedule();
  }

  /** Recomputes what depends on the clock (the ridership window) without a new event. */
  refresh(): void {
    if (this.#index.ridership.stops.size > 0 || this.#index.previousRidership) this.#schedule();
  }

  #schedule(): void {
    this.#frames.schedule('map-feeds', () => {
      const idx = this.#index;
      this.queueLoads = [...idx.queueLoads.values()];
      this.ridership = idx.ridershipView(Date.now());
    });
  }
}
