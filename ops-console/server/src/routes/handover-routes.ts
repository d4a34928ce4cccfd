import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { ACTIVE_INCIDENT_STATES, AcceptHandoverRequest, CreateHandoverRequest, HandoverListQuery, RowId, Handover, HandoverList } from '@cityops/contracts';
import { acceptHandover, getHandover, insertHandover, listHandovers, listIncidents, listTickets, type Pool } from '@cityops/db';
import { handoverSnapshot } from '../handover/handover-snapshot.ts';
import { created, ok } from '../openapi/responses.ts';

const IdParams = Type.Object({ id: RowId });
/** Enough for any city's open work; a handover listing more would not be read anyway. */
const SNAPSHOT_LIMIT = 5000;

/**
 * Shift handovers: the outgoing operator makes the record (what is open is read from the live
 * data, so nothing is forgotten), the incoming one signs it. Everyone signed in reads them.
 */
export function handoverRoutes(app: FastifyInstance, { pool }: { pool: Pool }): void {
  app.post<{ Body: CreateHandoverRequest }>(
    '/api/handovers',
    { schema: { summary: 'Write the shift handover note', response: created(Handover), body: CreateHandoverRequest }, config: { access: 'dispatcher' } },
    async (request, reply): Promise<Handover> => {
      const now = new Date();
      const nextShiftEndsAt = new Date(now.getTime() + (request.body.nextShiftHours ?? 8) * 3600_000);
      const [incidents, tickets] = await Promise.all([
        listIncidents(pool, { state: ACTIVE_INCIDENT_STATES, limit: SNAPSHOT_LIMIT }),
        listTickets(pool, { state: 'active', limit: SNAPSHOT_LIMIT }, now),
      ]);
      const snapshot = handoverSnapshot(incidents, tickets, now, nextShiftEndsAt);
      const created = await insertHandover(pool, { outgoing: request.user!.username, notes: request.body.notes.trim(), snapshot, at: now });
      return reply.code(201).send(created);
    },
  );

  app.get<{ Querystring: HandoverListQuery }>(
    '/api/handovers',
    { schema: { summary: 'Shift handovers, newest first', response: ok(HandoverList), querystring: HandoverListQuery }, config: { access: 'viewer' } },
    async (request): Promise<HandoverList> => ({ items: await listHandovers(pool, { before: request.query.before, limit: request.query.limit ?? 20 }) }),
  );

  app.get<{ Params: { id: number } }>(
    '/api/handovers/:id',
    { schema: { summary: 'One shift handover', response: ok(Handover), params: IdParams }, config: { access: 'viewer' } },
    async (request) => getHandover(pool, request.params.id),
  );

  app.post<{ Params: { id: number }; Body: AcceptHandoverRequest }>(
    '/api/handovers/:id/accept',
    {
      schema: { summary: 'Accept a handover as the incoming shift', response: ok(Handover), params: IdParams, body: AcceptHandoverRequest },
      config: { access: 'dispatcher' },
    },
    async (request) => acceptHandover(pool, request.params.id, request.user!.username, request.body.note?.trim() || null, new Date()),
  );
}
