import Type from 'typebox';
import { IsoTime, MAX_ROW_ID } from './common.ts';
import { IncidentKind, IncidentState, Severity } from './incidents.ts';
import { Hotline, TicketState } from './tickets.ts';

/**
 * A shift handover: what the outgoing operator leaves open for the incoming one, taken from the
 * live data when the record is made, with free notes, signed by both (each by their own session).
 * Once the incoming operator signs, the record never changes.
 */
export const HandoverIncident = Type.Object({
  id: Type.Integer(),
  kind: IncidentKind,
  severity: Severity,
  state: IncidentState,
  title: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  openedAt: IsoTime,
  escalationLevel: Type.Integer(),
  assignee: Type.Union([Type.String(), Type.Null()]),
});
export type HandoverIncident = Type.Static<typeof HandoverIncident>;

export const HandoverTicket = Type.Object({
  id: Type.Integer(),
  line: Hotline,
  category: Type.String(),
  /** The first 200 characters of the report. */
  description: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  state: TicketState,
  unit: Type.Union([Type.String(), Type.Null()]),
  /** The deadline that makes it worth handing over: breached, or due before the next shift ends. */
  deadline: Type.Object({ name: Type.Enum(['forward', 'answer'] as const), dueAt: IsoTime }),
});
export type HandoverTicket = Type.Static<typeof HandoverTicket>;

export const HandoverSnapshot = Type.Object({
  takenAt: IsoTime,
  /** The end of the next shift: deadlines before it are listed as due. */
  nextShiftEndsAt: IsoTime,
  /** Live incidents nobody acknowledged yet. */
  unacknowledged: Type.Array(HandoverIncident),
  /** Live incidents escalated at least once (acknowledged or not). */
  escalated: Type.Array(HandoverIncident),
  /** Tickets past a deadline. */
  breached: Type.Array(HandoverTicket),
  /** Tickets whose next deadline falls within the next shift. */
  dueNextShift: Type.Array(HandoverTicket),
  /** All live incidents and open tickets, for the totals line. */
  activeIncidents: Type.Integer(),
  openTickets: Type.Integer(),
});
export type HandoverSnapshot = Type.Static<typeof HandoverSnapshot>;

export const Handover = Type.Object({
  id: Type.Integer(),
  createdAt: IsoTime,
  outgoing: Type.String(),
  notes: Type.String(),
  /** Who took over, and when they signed; null until then. */
  incoming: Type.Union([Type.String(), Type.Null()]),
  acceptedAt: Type.Union([IsoTime, Type.Null()]),
  incomingNote: Type.Union([Type.String(), Type.Null()]),
  snapshot: HandoverSnapshot,
});
export type Handover = Type.Static<typeof Handover>;

export const HandoverList = Type.Object({ items: Type.Array(Handover) });
export type HandoverList = Type.Static<typeof HandoverList>;

/** POST /api/handovers (dispatcher+): the outgoing operator's record, signed by making it. */
export const CreateHandoverRequest = Type.Object(
  {
    notes: Type.String({ maxLength: 5000 }),
    /** How long the next shift lasts (hours, default 8): deadlines before its end are listed as due. */
    nextShiftHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 })),
  },
  { additionalProperties: false },
);
export type CreateHandoverRequest = Type.Static<typeof CreateHandoverRequest>;

/** POST /api/handovers/{id}/accept (dispatcher+, not the outgoing operator): the incoming signature. */
export const AcceptHandoverRequest = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export type AcceptHandoverRequest = Type.Static<typeof AcceptHandoverRequest>;

export const HandoverListQuery = Type.Object(
  {
    before: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ROW_ID })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type HandoverListQuery = Type.Static<typeof HandoverListQuery>;
