import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import {
  CityopsError,
  CreateTicketRequest,
  Hotline,
  Latitude,
  Longitude,
  RowId,
  TicketNoteRequest,
  TicketState,
  TicketStateRequest,
  TransferTicketRequest,
  type AssignedUnit,
  Ticket,
  TicketDuplicate,
  UnitsResponse,
} from '@cityops/contracts';
import {
  addTicketNote,
  advanceTicket,
  createTicket,
  findDuplicates,
  findDuplicatesNear,
  getTicketDetail,
  listTickets,
  transferTicket,
  type Pool,
} from '@cityops/db';
import type { UnitsDirectory } from '../units/units-directory.ts';
import { actorOf, sessionOrApiKey } from '../plugins/api-key-auth.ts';
import { ticketWriter } from '../tickets/ticket-writes.ts';
import { created, itemsOf, ok } from '../openapi/responses.ts';

const IdParams = Type.Object({ id: RowId });
const ListQuery = Type.Object({
  line: Type.Optional(Hotline),
  state: Type.Optional(Type.Union([TicketState, Type.Literal('active')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
  /** Adds each ticket's likely duplicates (the desk's hint); off by default, it costs a join. */
  duplicates: Type.Optional(Type.Boolean()),
});

/**
 * Hotline tickets (docs/api.md, "Hotline tickets"): intake from a dispatcher or a call-centre system with an
 * API key of scope `tickets`, forward-only states, transfers between lines, duplicate suggestions.
 */
export function ticketRoutes(app: FastifyInstance, { pool, units, onCommitted }: { pool: Pool; units: UnitsDirectory; onCommitted?: () => void }): void {
  const write = ticketWriter(pool, onCommitted);

  /** The unit a forward names, as the directory has it now; a unit only travels with a forward. */
  function unitOf(body: TicketStateRequest): AssignedUnit | undefined {
    if (body.unit === undefined) return undefined;
    if (body.state !== 'forwarded') throw new CityopsError('CITYOPS_UNIT_UNKNOWN', `a unit is given only when forwarding, not with state ${body.state}`);
    const unit = units.get(body.unit);
    if (!unit) throw new CityopsError('CITYOPS_UNIT_UNKNOWN', `no unit ${body.unit} in the units directory`);
    return { id: unit.id, name: unit.name };
  }

  app.get(
    '/api/units',
    { schema: { summary: 'Responsible units tickets are forwarded to', response: ok(UnitsResponse) }, config: { access: 'viewer' } },
    async (): Promise<UnitsResponse> => ({
      sample: units.sample,
      source: units.source,
      items: [...units.units],
    }),
  );

  // Static, so it is matched before /api/tickets/:id.
  app.get<{ Querystring: { line: Hotline; category: string; lat: number; lon: number } }>(
    '/api/tickets/duplicates',
    {
      schema: {
        summary: 'Open tickets of the same line and category nearby (likely duplicates)',
        response: ok(itemsOf(TicketDuplicate)),
        querystring: Type.Object({ line: Hotline, category: Type.String({ minLength: 1, maxLength: 64 }), lat: Latitude, lon: Longitude }),
      },
      config: { access: 'viewer' },
    },
    async (request) => ({ items: await findDuplicatesNear(pool, request.query, new Date()) }),
  );

  app.post<{ Body: CreateTicketRequest }>(
    '/api/tickets',
    // 'public' only past the session plugin: sessionOrApiKey demands a key or a dispatcher session.
    {
      schema: {
        summary: 'Open a hotline ticket (desk or call-centre integration)',
        security: [{ apiKey: [] }, { session: [] }],
        response: created(Ticket),
        body: CreateTicketRequest,
      },
      config: { access: 'public' },
      onRequest: sessionOrApiKey(pool, { role: 'dispatcher', scope: 'tickets' }),
    },
    async (request, reply) => {
      const source = request.apiKey ? 'call-centre' : 'console';
      return reply.code(201).send(await write('ticket.opened', (db, at) => createTicket(db, request.body, { actor: actorOf(request), source }, at)));
    },
  );

  app.get<{ Querystring: Type.Static<typeof ListQuery> }>(
    '/api/tickets',
    { schema: { summary: 'Hotline tickets', response: ok(itemsOf(Ticket)), querystring: ListQuery }, config: { access: 'viewer' } },
    async (request) => {
      const items = await listTickets(pool, request.query, new Date());
      if (!request.query.duplicates) return { items };
      const dups = await findDuplicates(pool, items);
      return { items: items.map((t) => ({ ...t, duplicates: dups.get(t.id) ?? [] })) };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/tickets/:id',
    { schema: { summary: 'One hotline ticket with its history', response: ok(Ticket), params: IdParams }, config: { access: 'viewer' } },
    async (request) => getTicketDetail(pool, request.params.id, new Date()),
  );

  app.post<{ Params: { id: number }; Body: TicketStateRequest }>(
    '/api/tickets/:id/state',
    // The call-centre system reports its own forwarding and answers, so its key may move states too.
    {
      schema: {
        summary: 'Move a ticket along its states',
        security: [{ apiKey: [] }, { session: [] }],
        response: ok(Ticket),
        params: IdParams,
        body: TicketStateRequest,
      },
      config: { access: 'public' },
      onRequest: sessionOrApiKey(pool, { role: 'dispatcher', scope: 'tickets' }),
    },
    async (request) =>
      write('ticket.updated', (db, at) =>
        advanceTicket(db, request.params.id, request.body.state, actorOf(request), request.body.note ?? null, at, unitOf(request.body)),
      ),
  );

  app.post<{ Params: { id: number }; Body: TicketNoteRequest }>(
    '/api/tickets/:id/notes',
    {
      schema: {
        summary: 'Add a note to a ticket',
        security: [{ apiKey: [] }, { session: [] }],
        response: created(Ticket),
        params: IdParams,
        body: TicketNoteRequest,
      },
      config: { access: 'public' },
      onRequest: sessionOrApiKey(pool, { role: 'dispatcher', scope: 'tickets' }),
    },
    async (request) => write('ticket.updated', (db, at) => addTicketNote(db, request.params.id, request.body.note, actorOf(request), at)),
  );

  // The new line's alerting sees it as it would a new ticket: a transfer to 113/114/115 is a
  // ticket.updated on an emergency line in state `received`, which the hotline-emergency rule opens.
  app.post<{ Params: { id: number }; Body: TransferTicketRequest }>(
    '/api/tickets/:id/transfer',
    {
      schema: { summary: 'Transfer a ticket to another responsible unit', response: ok(Ticket), params: IdParams, body: TransferTicketRequest },
      config: { access: 'dispatcher' },
    },
    async (request) => write('ticket.updated', (db, at) => transferTicket(db, request.params.id, request.body, request.user!.username, at)),
  );
}
