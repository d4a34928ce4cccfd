import type { QueueLoadEvent, Ticket, TransitRidershipEvent } from '@cityops/contracts';

/** Hotline tickets still being handled; answered and closed ones leave the map. */
const ACTIVE_TICKET_STATES: ReadonlySet<string> = new Set(['received', 'forwarded', 'in_progress']);

export type QueueLoad = Omit<QueueLoadEvent, 'sseq'>;
export type RidershipStop = TransitRidershipEvent['stops'][number];

/**
 * The map's event-fed overlays, plain and non-reactive like DeviceIndex: the latest `queue:load` per
 * office, active hotline tickets, and the newest ridership bucket. Each `apply*` returns whether the
 * map must be redrawn.
 */
export class FeedIndex {
  readonly queueLoads = new Map<string, QueueLoad>();
  readonly tickets = new Map<number, Ticket>();
  ridership: { bucket: number; stops: Map<string, RidershipStop> } = { bucket: Number.NEGATIVE_INFINITY, stops: new Map() };
  version = 0;

  applyQueueLoad(e: QueueLoadEvent): boolean {
    const prev = this.queueLoads.get(e.id);
    // Events come in sseq order, but a report stamped earlier than the one held is stale.
    if (prev && Date.parse(prev.at) > Date.parse(e.at)) return false;
    const { sseq: _sseq, ...load } = e;
    this.queueLoads.set(e.id, load);
    this.version++;
    return true;
  }

  applyTicket(ticket: Ticket): boolean {
    if (!ACTIVE_TICKET_STATES.has(ticket.state)) {
      const had = this.tickets.delete(ticket.id);
      if (had) this.version++;
      return had;
    }
    this.tickets.set(ticket.id, ticket);
    this.version++;
    return true;
  }

  /**
   * A newer bucket replaces the picture; more stops of the same bucket (a large city sends it in
   * parts) are merged; an older bucket is ignored.
   */
  applyRidership(e: TransitRidershipEvent): boolean {
    const bucket = Date.parse(e.bucket);
    if (!Number.isFinite(bucket) || bucket < this.ridership.bucket) return false;
    if (bucket > this.ridership.bucket) this.ridership = { bucket, stops: new Map() };
    for (const s of e.stops) this.ridership.stops.set(`${s.routeId}|${s.stopId ?? `${s.lat},${s.lon}`}`, s);
    this.version++;
    return true;
  }
}
