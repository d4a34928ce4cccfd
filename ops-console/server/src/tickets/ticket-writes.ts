import type { Ticket } from '@cityops/contracts';
import { appendEvents, withTransaction, type Pool, type PoolClient } from '@cityops/db';

export type TicketTopic = 'ticket.opened' | 'ticket.updated';
export type TicketWrite = (topic: TicketTopic, fn: (db: PoolClient, at: Date) => Promise<Ticket>) => Promise<Ticket>;

/**
 * Every ticket change commits with its `ticket:opened`/`ticket:updated` event in one transaction:
 * the realtime bridge and alerting (113/114/115 → incidents, hotline-emergency rule) read that log,
 * so a change is never seen without its event nor an event without its change. The event carries
 * the ticket as the contract's `Ticket` (no caller phone or e-mail).
 */
export function ticketWriter(pool: Pool, onCommitted?: () => void): TicketWrite {
  return async (topic, fn) => {
    const ticket = await withTransaction(pool, async (db) => {
      const t = await fn(db, new Date());
      // History is for GET of one ticket; the log keeps the event small.
      const { history: _history, ...payload } = t;
      await appendEvents(db, [{ topic, payload: { ticket: payload } }]);
      return t;
    });
    onCommitted?.();
    return ticket;
  };
}
