import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { CreateTicketRequest, Hotline, TicketState, TicketStateRequest, type Ticket } from '@cityops/contracts';
import { advanceTicket, appendEvents, createTicket, getTicket, listTickets, withTransaction, type Pool, type PoolClient } from '@cityops/db';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/**
 * Hotline tickets (contract §4): intake and their forward-only states. Each change commits with its
 * `ticket:opened`/`ticket:updated` event, which alerting also reads (113/114/115 become incidents).
 * Transfers between lines, Open311 and the call-centre API key come with the city-streams issue.
 */
export function ticketRoutes(app: FastifyInstance, { pool, onCommitted }: { pool: Pool; onCommitted?: () => void }): void {
  const write = async (topic: 'ticket.opened' | 'ticket.updated', fn: (db: PoolClient, at: Date) => Promise<Ticket>) => {
    const ticket = await withTransaction(pool, async (db) => {
      const t = await fn(db, new Date());
      await appendEvents(db, [{ topic, payload: { ticket: t } }]);
      return t;
    });
    onCommitted?.();
    return ticket;
  };

  app.post<{ Body: CreateTicketRequest }>('/api/tickets', { schema: { body: CreateTicketRequest }, config: { access: 'dispatcher' } }, async (request, reply) =>
    reply.code(201).send(await write('ticket.opened', (db, at) => createTicket(db, request.body, { actor: request.user!.username, source: 'console' }, at))));

  app.get<{ Querystring: { line?: Hotline; state?: TicketState } }>(
    '/api/tickets',
    { schema: { querystring: Type.Object({ line: Type.Optional(Hotline), state: Type.Optional(TicketState) }) }, config: { access: 'viewer' } },
    async (request) => ({ items: await listTickets(pool, request.query, new Date()) }),
  );

  app.get<{ Params: { id: number } }>('/api/tickets/:id', { schema: { params: IdParams }, config: { access: 'viewer' } }, async (request) =>
    getTicket(pool, request.params.id, new Date()));

  app.post<{ Params: { id: number }; Body: TicketStateRequest }>(
    '/api/tickets/:id/state',
    { schema: { params: IdParams, body: TicketStateRequest }, config: { access: 'dispatcher' } },
    async (request) => write('ticket.updated', (db, at) => advanceTicket(db, request.params.id, request.body.state, request.user!.username, request.body.note ?? null, at)),
  );
}
