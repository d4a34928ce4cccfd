import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { AgencyStatusRequest, CityopsError, RowId, type ApiKey, Incident, Ticket } from '@cityops/contracts';
import {
  getIncident,
  getTicket,
  getTicketDetail,
  incidentLines,
  incidentWithoutTimeline,
  recordIncidentAgencyStatus,
  recordTicketAgencyStatus,
  useApiKey,
  withTransaction,
  appendEvents,
  type Pool,
} from '@cityops/db';
import { actorOf, apiKeyFromHeaders, sessionOrApiKey } from '../plugins/api-key-auth.ts';
import { sendProblem } from '../plugins/problem-details.ts';
import { agencyReachesIncident, agencyReachesTicket } from '../agency/agency-reach.ts';
import { ok } from '../openapi/responses.ts';

const IdParams = Type.Object({ id: RowId });

/** An `agency` API key and nothing else (the people at the desk read through their own routes). */
function agencyKeyOnly(pool: Pool) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const key = apiKeyFromHeaders(request.headers);
    if (key === undefined) return sendProblem(reply, 'CITYOPS_API_KEY_INVALID', 'send an agency API key (Authorization: Bearer …)');
    const found = await useApiKey(pool, key);
    if (!found) return sendProblem(reply, 'CITYOPS_API_KEY_INVALID');
    if (!found.scopes.includes('agency')) return sendProblem(reply, 'CITYOPS_API_KEY_FORBIDDEN', `the key "${found.name}" lacks the scope agency`);
    request.apiKey = found;
    return undefined;
  };
}

const outOfReach = (key: ApiKey, what: string) =>
  new CityopsError(
    'CITYOPS_API_KEY_FORBIDDEN',
    `the key "${key.name}" reaches ${[...key.agencyLines.map((l) => `line ${l}`), ...key.agencyAreas.map((a) => `area ${a}`)].join(', ')}; not ${what}`,
  );

/**
 * Agencies (113, 114, 115, a ward's field team) read what is theirs and report back over their
 * `agency` key; a dispatcher may relay a report taken by phone. Each report lands on the timeline
 * and on every console at once (`incident:updated` / `ticket:updated`).
 */
export function agencyRoutes(app: FastifyInstance, { pool, onCommitted }: { pool: Pool; onCommitted?: () => void }): void {
  /** With an agency key: 403 unless it reaches the incident (read without its timeline; 404 when there is none). */
  async function checkIncident(request: FastifyRequest, id: number): Promise<void> {
    if (!request.apiKey) return;
    const incident = await incidentWithoutTimeline(pool, id);
    if (!incident) throw new CityopsError('CITYOPS_INCIDENT_NOT_FOUND', `no incident ${id}`);
    const line = (await incidentLines(pool, [id])).get(id) ?? null;
    if (!agencyReachesIncident(request.apiKey, incident, line)) throw outOfReach(request.apiKey, `incident ${id}`);
  }
  async function checkTicket(request: FastifyRequest, id: number): Promise<void> {
    if (!request.apiKey) return;
    const ticket = await getTicket(pool, id, new Date());
    if (!agencyReachesTicket(request.apiKey, ticket)) throw outOfReach(request.apiKey, `ticket ${id} (line ${ticket.line})`);
  }

  app.get<{ Params: { id: number } }>(
    '/api/agency/incidents/:id',
    {
      schema: { summary: 'An incident, for a partner agency (API key)', security: [{ apiKey: [] }], response: ok(Incident), params: IdParams },
      config: { access: 'public' },
      onRequest: agencyKeyOnly(pool),
    },
    async (request) => {
      await checkIncident(request, request.params.id);
      return getIncident(pool, request.params.id);
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/agency/tickets/:id',
    {
      schema: { summary: 'A ticket, for a partner agency (API key)', security: [{ apiKey: [] }], response: ok(Ticket), params: IdParams },
      config: { access: 'public' },
      onRequest: agencyKeyOnly(pool),
    },
    async (request) => {
      await checkTicket(request, request.params.id);
      return getTicketDetail(pool, request.params.id, new Date());
    },
  );

  app.post<{ Params: { id: number }; Body: AgencyStatusRequest }>(
    '/api/incidents/:id/agency-status',
    {
      schema: {
        summary: 'A partner agency reports its progress on an incident',
        security: [{ apiKey: [] }],
        response: ok(Incident),
        params: IdParams,
        body: AgencyStatusRequest,
      },
      config: { access: 'public' },
      onRequest: sessionOrApiKey(pool, { role: 'dispatcher', scope: 'agency' }),
    },
    async (request) => {
      await checkIncident(request, request.params.id);
      const incident = await withTransaction(pool, async (db) => {
        const i = await recordIncidentAgencyStatus(db, request.params.id, request.body, actorOf(request), new Date());
        await appendEvents(db, [{ topic: 'incident.updated', payload: { incident: i } }]);
        return i;
      });
      onCommitted?.();
      request.log.info({ incidentId: incident.id, status: request.body.status, by: actorOf(request) }, 'agency status recorded');
      return getIncident(pool, incident.id);
    },
  );

  app.post<{ Params: { id: number }; Body: AgencyStatusRequest }>(
    '/api/tickets/:id/agency-status',
    {
      schema: {
        summary: 'A partner agency reports its progress on a ticket',
        security: [{ apiKey: [] }],
        response: ok(Ticket),
        params: IdParams,
        body: AgencyStatusRequest,
      },
      config: { access: 'public' },
      onRequest: sessionOrApiKey(pool, { role: 'dispatcher', scope: 'agency' }),
    },
    async (request) => {
      await checkTicket(request, request.params.id);
      const ticket = await withTransaction(pool, async (db) => {
        const t = await recordTicketAgencyStatus(db, request.params.id, request.body, actorOf(request), new Date());
        await appendEvents(db, [{ topic: 'ticket.updated', payload: { ticket: t } }]);
        return t;
      });
      onCommitted?.();
      return getTicketDetail(pool, ticket.id, new Date());
    },
  );
}
