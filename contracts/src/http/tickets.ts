import Type from 'typebox';
import { Latitude, Longitude } from '../mqtt/common.ts';
import { IsoTime } from './common.ts';

/** The city hotline 1022 and the emergency lines it is linked with: 113 police, 114 fire, 115 ambulance. */
export const HOTLINES = ['1022', '113', '114', '115'] as const;
export const Hotline = Type.Enum(HOTLINES);
export type Hotline = Type.Static<typeof Hotline>;

export const TICKET_STATES = ['received', 'forwarded', 'in_progress', 'answered', 'closed'] as const;
export const TicketState = Type.Enum(TICKET_STATES);
export type TicketState = Type.Static<typeof TicketState>;

/** POST /api/tickets — from the call-centre integration or a dispatcher (contract §4). */
export const CreateTicketRequest = Type.Object({
  line: Hotline,
  category: Type.String({ minLength: 1, maxLength: 64 }),
  description: Type.String({ minLength: 1, maxLength: 4000 }),
  lat: Latitude,
  lon: Longitude,
  address: Type.Optional(Type.String({ maxLength: 300 })),
  callerPhone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 .-]{3,20}$' })),
});
export type CreateTicketRequest = Type.Static<typeof CreateTicketRequest>;

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
  /** The city's deadlines for this ticket with their countdown targets (`HOTLINE_DEADLINES`). */
  deadlines: Type.Optional(Type.Array(Type.Object({
    name: Type.Enum(['forward', 'answer'] as const),
    dueAt: IsoTime,
    metAt: Type.Union([IsoTime, Type.Null()]),
    breached: Type.Boolean(),
  }))),
});
export type Ticket = Type.Static<typeof Ticket>;

/** Moves a ticket forward through its states (dispatcher+); a note is kept on its history. */
export const TicketStateRequest = Type.Object({
  state: Type.Enum(['forwarded', 'in_progress', 'answered', 'closed'] as const),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type TicketStateRequest = Type.Static<typeof TicketStateRequest>;

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
export function ticketDeadlines(t: { line: Hotline; createdAt: string; forwardedAt?: string | null | undefined; answeredAt?: string | null | undefined }, now: number): NonNullable<Ticket['deadlines']> {
  const rule = HOTLINE_DEADLINES[t.line];
  if (!rule) return [];
  const created = Date.parse(t.createdAt);
  const one = (name: 'forward' | 'answer', within: number, met: string | null | undefined) => {
    const due = created + within;
    const metAt = met ?? null;
    return { name, dueAt: new Date(due).toISOString(), metAt, breached: metAt === null ? now > due : Date.parse(metAt) > due };
  };
  return [one('forward', rule.forwardWithinMs, t.forwardedAt), one('answer', rule.answerWithinMs, t.answeredAt)];
}

/** Ticket states only move forward (transfers between lines keep the state; issue 5). */
export function ticketStateAfter(current: TicketState, next: TicketState): boolean {
  return STATE_ORDER.indexOf(next) > STATE_ORDER.indexOf(current);
}

export const TransferTicketRequest = Type.Object({ line: Hotline, reason: Type.String({ minLength: 1, maxLength: 1000 }) });
export type TransferTicketRequest = Type.Static<typeof TransferTicketRequest>;
