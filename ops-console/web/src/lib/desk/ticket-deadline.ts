import type { Ticket } from '@cityops/contracts';
import { formatCountdown } from './countdown.ts';

/** The deadline a desk watches on a ticket: the first one not met yet. */
export interface NextDeadline {
  name: 'forward' | 'answer';
  dueMs: number;
  /** Negative once breached. */
  remainingMs: number;
  breached: boolean;
}

/**
 * The next unmet deadline at `nowMs`, from the server's due times (contracts `ticketDeadlines`),
 * judged against the live clock so the countdown turns red at the second it passes. Null for lines
 * without deadlines (113/114/115: incidents carry their urgency) and once every deadline is met.
 */
export function nextDeadline(ticket: Pick<Ticket, 'deadlines'>, nowMs: number): NextDeadline | null {
  const d = ticket.deadlines?.find((x) => x.metAt === null);
  if (!d) return null;
  const dueMs = Date.parse(d.dueAt);
  if (Number.isNaN(dueMs)) return null;
  return { name: d.name, dueMs, remainingMs: dueMs - nowMs, breached: nowMs > dueMs };
}

/** Countdown parts: whole days apart, so a 5-day answer reads "4 days 23:59:59", not "119:59:59". */
export function deadlineText(remainingMs: number): { days: number; time: string } {
  const ms = Math.abs(remainingMs);
  const days = Math.floor(ms / 86_400_000);
  // Overdue time counts up from 0:00; time left counts down and is rounded up (formatCountdown).
  const rest = ms - days * 86_400_000;
  return { days, time: formatCountdown(rest > 0 ? rest : 0) };
}

const EMERGENCY = -Infinity;

/**
 * The desk's order: emergency-line tickets first (no clock, act now), then breached ones (most
 * overdue first), then by time left; newest first among equals.
 */
export function sortTickets<T extends Pick<Ticket, 'id' | 'line' | 'deadlines'>>(tickets: readonly T[], nowMs: number): T[] {
  const key = (t: T): number => {
    const next = nextDeadline(t, nowMs);
    if (next) return next.remainingMs;
    return t.line === '1022' ? Infinity : EMERGENCY;
  };
  return tickets
    .map((t) => ({ t, k: key(t) }))
    .sort((a, b) => (a.k === b.k ? b.t.id - a.t.id : a.k < b.k ? -1 : 1))
    .map((x) => x.t);
}
