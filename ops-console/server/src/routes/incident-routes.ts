import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { IncidentKind, INCIDENT_STATES, ResolveRequest, type IncidentState } from '@cityops/contracts';
import { getIncident, listIncidents, type Pool } from '@cityops/db';
import type { Alerting } from '@cityops/alerting';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
/** `state` takes one state, a comma list, or `active` (open, acknowledged, dispatched). */
const StateFilter = Type.String({ pattern: `^(active|(${INCIDENT_STATES.join('|')})(,(${INCIDENT_STATES.join('|')}))*)$` });

export function incidentRoutes(app: FastifyInstance, { pool, alerting }: { pool: Pool; alerting: Alerting }): void {
  app.get<{ Querystring: { state?: string; kind?: IncidentKind } }>(
    '/api/incidents',
    { schema: { querystring: Type.Object({ state: Type.Optional(StateFilter), kind: Type.Optional(IncidentKind) }) }, config: { access: 'viewer' } },
    async (request) => {
      const { state, kind } = request.query;
      const states = state === 'active' ? ['open', 'acknowledged', 'dispatched'] : state?.split(',');
      const lists = await Promise.all((states ?? [undefined]).map((s) => listIncidents(pool, { state: s as IncidentState | undefined, kind })));
      const items = lists.flat().sort((a, b) => b.openedAt.localeCompare(a.openedAt) || b.id - a.id);
      return { items };
    },
  );

  app.get<{ Params: { id: number } }>('/api/incidents/:id', { schema: { params: IdParams }, config: { access: 'viewer' } }, async (request) =>
    getIncident(pool, request.params.id));

  app.post<{ Params: { id: number } }>('/api/incidents/:id/ack', { schema: { params: IdParams }, config: { access: 'dispatcher' } }, async (request) =>
    alerting.acknowledge(request.params.id, request.user!.username));

  app.post<{ Params: { id: number }; Body: ResolveRequest }>(
    '/api/incidents/:id/resolve',
    { schema: { params: IdParams, body: ResolveRequest }, config: { access: 'dispatcher' } },
    async (request) => alerting.resolve(request.params.id, request.user!.username, request.body.note),
  );
}
