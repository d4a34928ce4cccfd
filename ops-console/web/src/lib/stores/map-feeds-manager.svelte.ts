import type { QueueLoadEvent, Ticket, TicketEvent, TransitRidershipEvent } from '@cityops/contracts';
import { FeedIndex, type QueueLoad, type RidershipStop } from '../map/feeds.ts';
import type { FrameScheduler } from '../realtime/frame-scheduler.ts';

/**
 * The map's event-fed overlays (`queue:load`, `ticket:*`, `transit:ridership`): applied at once to a
 * plain FeedIndex, published at most once per animation frame.
 */
export class MapFeedsManager {
  queueLoads = $state.raw<QueueLoad[]>([]);
  tickets = $state.raw<Ticket[]>([]);
  ridership = $state.raw<RidershipStop[]>([]);

  readonly #index = new FeedIndex();
  readonly #frames: FrameScheduler;

  constructor(frames: FrameScheduler) {
    this.#frames = frames;
  }

  applyQueueLoad(e: QueueLoadEvent): void {
    if (this.#index.applyQueueLoad(e)) this.#schedule();
  }

  applyTicket(e: TicketEvent): void {
    if (this.#index.applyTicket(e.ticket)) this.#schedule();
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
      this.tickets = [...idx.tickets.values()];
      this.ridership = idx.ridershipView(Date.now());
    });
  }
}
