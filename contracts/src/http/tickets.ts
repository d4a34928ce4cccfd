import Type from 'typebox';
import { Latitude, Longitude } from '../mqtt/common.ts';
import { IsoTime } from './common.ts';
import { AssignedUnit, UNIT_ID_PATTERN } from './units.ts';

/** The city hotline 1022 and the emergency lines it is linked with: 113 police, 114 fire, 115 ambulance. */
export const HOTLINES = ['1022', '113', '114', '115'] as const;
export const Hotline = Type.Enum(HOTLINES);
export type Hotline = Type.Static<typeof Hotline>;

export const TICKET_STATES = ['received', 'forwarded', 'in_progress', 'answered', 'closed'] as const;
export const TicketState = Type.Enum(TICKET_STATES);
export type TicketState = Type.Static<typeof TicketState>;

/** POST /api/tickets — from the call-centre integration or a dispatcher (docs/api.md, "Hotline tickets"). */
export const CreateTicketRequest = Type.Object({
  line: Hotline,
  category: Type.String({ minLength: 1, maxLength: 64 }),
  description: Type.String({ minLength: 1, maxLength: 4000 }),
  lat: Latitude,
  lon: Longitude,
  address: Type.Optional(Type.String({ maxLength: 300 })),
  callerPhone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 .-]{3,20}$' })),
  /** A call-back address; kept for call-backs and never served back. */
  callerEmail: Type.Optional(Type.String({ maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' })),
  /**
   * The caller asked to be told by e-mail when the report is forwarded, answered and closed, with a
   * link to its public status page. Needs `callerEmail`.
   */
  callerUpdates: Type.Optional(Type.Boolean()),
});
export type CreateTicketRequest = Type.Static<typeof CreateTicketRequest>;

/** A ticket of the same line and category within 50 m and 24 h: probably the same problem, reported twice. */
export const TicketDuplicate = Type.Object({
  id: Type.Integer(),
  distanceM: Type.Number({ minimum: 0 }),
  createdAt: IsoTime,
  state: TicketState,
});
export type TicketDuplicate = Type.Static<typeof TicketDuplicate>;

/** One entry of a ticket's append-only history (received, state changes, transfers, breaches). */
export const TicketHistoryEntry = Type.Object({
  type: Type.String(),
  at: IsoTime,
  actor: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
});
export type TicketHistoryEntry = Type.Static<typeof TicketHistoryEntry>;

export const Ticket = Type.Object({
  id: Type.Integer(),
  line: Hotline,
  category: Type.String(),
  description: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  address: Type.Union([Type.String(), Type.Null()]),
  state: TicketState,
  createdAt: IsoTime,
  updatedAt: IsoTime,
  forwardedAt: Type.Optional(Type.Union([IsoTime, Type.Null()])),
  answeredAt: Type.Optional(Type.Union([IsoTime, Type.Null()])),
  /** Where it came in: `console`, `call-centre` (API key), `open311`, … */
  source: Type.Optional(Type.String()),
  /** A photo link sent with the report (Open311 `media_url`). */
  mediaUrl: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** When the ticket arrived on its current line: its deadlines count from here (a transfer restarts them). */
  lineSince: Type.Optional(IsoTime),
  /** The line it was last transferred from, if any. */
  transferredFrom: Type.Optional(Type.Union([Hotline, Type.Null()])),
  /** The unit it was last forwarded to (units directory, GET /api/units). */
  assignedUnit: Type.Optional(Type.Union([AssignedUnit, Type.Null()])),
  /** On create and on GET of one ticket: likely duplicates, nearest first. */
  duplicates: Type.Optional(Type.Array(TicketDuplicate)),
  /** On GET of one ticket: its history, oldest first. */
  history: Type.Optional(Type.Array(TicketHistoryEntry)),
  /** The city's deadlines for this ticket with their countdown targets (`HOTLINE_DEADLINES`). */
  deadlines: Type.Optional(
    Type.Array(
      Type.Object({
        name: Type.Enum(['forward', 'answer'] as const),
        dueAt: IsoTime,
        metAt: Type.Union([IsoTime, Type.Null()]),
        breached: Type.Boolean(),
      }),
    ),
  ),
});
export type Ticket = Type.Static<typeof Ticket>;

/** Moves a ticket forward through its states (dispatcher+); a note is kept on its history. */
export const TicketStateRequest = Type.Object({
  state: Type.Enum(['forwarded', 'in_progress', 'answered', 'closed'] as const),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  /**
   * With `forwarded`: the unit it goes to (an id of GET /api/units). A forwarded ticket may be
   * forwarded again to another unit (a wrong address, a department that declines it).
   */
  unit: Type.Optional(Type.String({ pattern: UNIT_ID_PATTERN })),
});
export type TicketStateRequest = Type.Static<typeof TicketStateRequest>;

/** POST /api/tickets/{id}/notes: progress written on the ticket's history, no state change. */
export const TicketNoteRequest = Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }) });
export type TicketNoteRequest = Type.Static<typeof TicketNoteRequest>;

/**
 * The city's service rules for the 1022 hotline: a report is forwarded to the department in charge
 * within 5 minutes and answered within 5 days. The emergency lines have no such clock here: their
 * tickets become incidents, which escalate while unacknowledged.
 */
export const HOTLINE_DEADLINES: Partial<Record<Hotline, { forwardWithinMs: number; answerWithinMs: number }>> = {
  '1022': { forwardWithinMs: 5 * 60_000, answerWithinMs: 5 * 24 * 3600_000 },
};

const STATE_ORDER: readonly TicketState[] = TICKET_STATES;

/** A ticket's deadlines at `now`: due time, when met, and whether breached (late, or overdue and unmet). */
export function ticketDeadlines(
  t: { line: Hotline; createdAt: string; lineSince?: string | undefined; forwardedAt?: string | null | undefined; answeredAt?: string | null | undefined },
  now: number,
): NonNullable<Ticket['deadlines']> {
  const rule = HOTLINE_DEADLINES[t.line];
  if (!rule) return [];
  // A transferred ticket is new to its line: the clock starts when it arrived there.
  const created = Date.parse(t.lineSince ?? t.createdAt);
  const one = (name: 'forward' | 'answer', within: number, met: string | null | undefined) => {
    const due = created + within;
    const metAt = met ?? null;
    return { name, dueAt: new Date(due).toISOString(), metAt, breached: metAt === null ? now > due : Date.parse(metAt) > due };
  };
  return [one('forward', rule.forwardWithinMs, t.forwardedAt), one('answer', rule.answerWithinMs, t.answeredAt)];
}

/**
 * Ticket states only move forward. A transfer is the one way back: the ticket arrives on the other
 * line as `received`, with that line's deadlines counted from the transfer, so the new line is not
 * handed a ticket already late.
 */
export function ticketStateAfter(current: TicketState, next: TicketState): boolean {
  return STATE_ORDER.indexOf(next) > STATE_ORDER.indexOf(current);
}

/**
 * POST /api/tickets/{id}/transfer (dispatcher+). The reason is kept on the ticket's history.
 * `category` is needed when the ticket's category is not one of the new line's (TICKET_CATEGORIES).
 */
export const TransferTicketRequest = Type.Object({
  line: Hotline,
  reason: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' }),
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
export type TransferTicketRequest = Type.Static<typeof TransferTicketRequest>;

/** Duplicate suggestion window: same line and category, this close, this recent. */
export const DUPLICATE_RADIUS_M = 50;
export const DUPLICATE_WINDOW_MS = 24 * 3600_000;
