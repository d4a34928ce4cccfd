import type { Ticket } from '@cityops/contracts';

const ACTIVE: ReadonlySet<string> = new Set(['received', 'forwarded', 'in_progress']);

/**
 * Open hotline tickets, kept from a snapshot and `ticket:*` events in any interleaving: a copy older
 * than the one held (by `updatedAt`) is ignored, a ticket that was answered or closed leaves and is
 * remembered so a late snapshot cannot bring it back, and duplicates (sent on intake and in the
 * snapshot, not on later updates) are kept across updates. Plain, not reactive: the manager publishes.
 */
export class TicketIndex {
  readonly open = new Map<number, Ticket>();
  readonly #seen = new Map<number, number>();

  /** Returns whether anything changed. */
  apply(ticket: Ticket): boolean {
    const at = Date.parse(ticket.updatedAt);
    const seen = this.#seen.get(ticket.id);
    if (seen !== undefined && at < seen) return false;
    this.#seen.set(ticket.id, at);
    if (!ACTIVE.has(ticket.state)) return this.open.delete(ticket.id);
    const held = this.open.get(ticket.id);
    this.open.set(ticket.id, ticket.duplicates === undefined && held?.duplicates ? { ...ticket, duplicates: held.duplicates } : ticket);
    return true;
  }
}
