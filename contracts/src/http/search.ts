import Type from 'typebox';
import { IncidentKind, IncidentState, Incident, Severity } from './incidents.ts';
import { Hotline, Ticket, TicketState } from './tickets.ts';

/**
 * Search over tickets and incidents (the desk's search and REST), paginated and sortable; with
 * `format=csv` the same result as a CSV file for Excel (UTF-8 with a BOM, so Vietnamese shows right).
 */
const Paging = {
  /** Free text: a word or phrase of the description, title, address, unit or assignee (case-insensitive), or a number. */
  q: Type.Optional(Type.String({ maxLength: 100 })),
  /** RFC 3339 times: created (tickets) or opened (incidents) within. */
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
  order: Type.Optional(Type.Enum(['asc', 'desc'] as const)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  format: Type.Optional(Type.Enum(['json', 'csv'] as const)),
};

export const TICKET_SEARCH_SORTS = ['createdAt', 'updatedAt', 'id'] as const;
export const TicketSearchQuery = Type.Object(
  {
    ...Paging,
    line: Type.Optional(Hotline),
    state: Type.Optional(Type.Union([TicketState, Type.Literal('active')])),
    /** The responsible unit's id (GET /api/units). */
    unit: Type.Optional(Type.String({ maxLength: 64 })),
    sort: Type.Optional(Type.Enum(TICKET_SEARCH_SORTS)),
  },
  { additionalProperties: false },
);
export type TicketSearchQuery = Type.Static<typeof TicketSearchQuery>;

export const TicketSearchResponse = Type.Object({ items: Type.Array(Ticket), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });
export type TicketSearchResponse = Type.Static<typeof TicketSearchResponse>;

export const INCIDENT_SEARCH_SORTS = ['openedAt', 'severity', 'id'] as const;
export const IncidentSearchQuery = Type.Object(
  {
    ...Paging,
    kind: Type.Optional(IncidentKind),
    state: Type.Optional(Type.Union([IncidentState, Type.Literal('active')])),
    severity: Type.Optional(Severity),
    area: Type.Optional(Type.String({ maxLength: 64 })),
    assignee: Type.Optional(Type.String({ maxLength: 200 })),
    sort: Type.Optional(Type.Enum(INCIDENT_SEARCH_SORTS)),
  },
  { additionalProperties: false },
);
export type IncidentSearchQuery = Type.Static<typeof IncidentSearchQuery>;

export const IncidentSearchResponse = Type.Object({ items: Type.Array(Incident), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });
export type IncidentSearchResponse = Type.Static<typeof IncidentSearchResponse>;
