import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import {
  ACTIVE_INCIDENT_STATES,
  ChecklistTickRequest,
  CityopsError,
  CloseRequest,
  CommentRequest,
  LinkTicketRequest,
  MergeIncidentRequest,
  CreateIncidentRequest,
  DispatchRequest,
  HandoffRequest,
  IncidentKind,
  INCIDENT_STATES,
  ResolveRequest,
  roleAtLeast,
  RowId,
  type IncidentState,
  type SessionUser,
  FireHandoff,
  Incident,
  IncidentContext,
  IncidentList,
} from '@cityops/contracts';
import { getIncident, listIncidents, readIncidentContext, withoutContact, type Pool } from '@cityops/db';
import type { AlertingCommands } from '@cityops/alerting';
import { created, ok } from '../openapi/responses.ts';

const IdParams = Type.Object({ id: RowId });
/** `state` takes one state, a comma list, or `active` (open, acknowledged, dispatched). */
const StateFilter = Type.String({ pattern: `^(active|(${INCIDENT_STATES.join('|')})(,(${INCIDENT_STATES.join('|')}))*)$` });

type Id = { Params: { id: number } };

/** Contact names and phones are for those who call them (dispatcher+); the wall sees the building without them. */
function contextFor(user: SessionUser, ctx: IncidentContext): IncidentContext {
  if (roleAtLeast(user.role, 'dispatcher')) return ctx;
  return {
    ...ctx,
    building: ctx.building && withoutContact(ctx.building),
    handoffs: ctx.handoffs.map((h) => ({ ...h, building: h.building && withoutContact(h.building) })),
  };
}

/** Incidents: read by everyone signed in, driven through their lifecycle by dispatchers (docs/api.md). */
export function incidentRoutes(app: FastifyInstance, { pool, alerting }: { pool: Pool; alerting: AlertingCommands }): void {
  const incidents = alerting.incidents;

  app.get<{ Querystring: { state?: string; kind?: IncidentKind; limit?: number } }>(
    '/api/incidents',
    {
      schema: {
        summary: 'List incidents, newest first, by state and kind',
        response: ok(IncidentList),
        querystring: Type.Object({
          state: Type.Optional(StateFilter),
          kind: Type.Optional(IncidentKind),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
        }),
      },
      config: { access: 'viewer' },
    },
    async (request) => {
      const { state, kind, limit } = request.query;
      const states = (state === 'active' ? [...ACTIVE_INCIDENT_STATES] : state?.split(',')) as IncidentState[] | undefined;
      return { items: await listIncidents(pool, { state: states, kind, ...(limit ? { limit } : {}) }) };
    },
  );

  app.get<Id>(
    '/api/incidents/:id',
    { schema: { summary: 'One incident with its timeline', response: ok(Incident), params: IdParams }, config: { access: 'viewer' } },
    async (request) => incidents.get(request.params.id),
  );

  app.post<{ Body: CreateIncidentRequest }>(
    '/api/incidents',
    {
      schema: { summary: 'Open an incident by hand (a call, a patrol)', response: created(Incident), body: CreateIncidentRequest },
      config: { access: 'dispatcher' },
    },
    async (request, reply) => reply.code(201).send(await incidents.open(request.body, request.user!.username)),
  );

  app.post<Id>(
    '/api/incidents/:id/ack',
    { schema: { summary: 'Acknowledge an incident (first dispatcher wins)', response: ok(Incident), params: IdParams }, config: { access: 'dispatcher' } },
    async (request) => incidents.acknowledge(request.params.id, request.user!.username),
  );

  app.post<Id & { Body: DispatchRequest }>(
    '/api/incidents/:id/dispatch',
    {
      schema: { summary: 'Dispatch a unit to an incident', response: ok(Incident), params: IdParams, body: DispatchRequest },
      config: { access: 'dispatcher' },
    },
    async (request) => incidents.dispatch(request.params.id, request.user!.username, request.body.assignee, request.body.note),
  );

  app.post<Id & { Body: ResolveRequest }>(
    '/api/incidents/:id/resolve',
    { schema: { summary: 'Resolve an incident', response: ok(Incident), params: IdParams, body: ResolveRequest }, config: { access: 'dispatcher' } },
    async (request) => {
      const overrideChecklist = request.body.overrideChecklist === true;
      if (overrideChecklist && !roleAtLeast(request.user!.role, 'supervisor'))
        throw new CityopsError('CITYOPS_AUTH_FORBIDDEN', 'only a supervisor resolves over open checklist items');
      return incidents.resolve(request.params.id, request.user!.username, request.body.note, { overrideChecklist });
    },
  );

  app.post<{ Params: { id: number; item: string }; Body: ChecklistTickRequest }>(
    '/api/incidents/:id/checklist/:item',
    {
      schema: {
        summary: "Tick or untick an item of the incident's procedure checklist",
        response: ok(Incident),
        params: Type.Object({ id: RowId, item: Type.String({ pattern: '^[a-z0-9_-]{1,40}$' }) }),
        body: ChecklistTickRequest,
      },
      config: { access: 'dispatcher' },
    },
    async (request) => {
      await incidents.tick(request.params.id, request.params.item, request.body.done, request.user!.username, request.body.note);
      return incidents.get(request.params.id);
    },
  );

  app.post<Id & { Body: CloseRequest }>(
    '/api/incidents/:id/close',
    {
      schema: { summary: 'Close a resolved incident', response: ok(Incident), params: IdParams, body: Type.Optional(CloseRequest) },
      config: { access: 'dispatcher' },
    },
    async (request) => incidents.close(request.params.id, request.user!.username, request.body?.note),
  );

  app.post<Id & { Body: CommentRequest }>(
    '/api/incidents/:id/comments',
    {
      schema: { summary: "Add a comment to the incident's timeline", response: created(Incident), params: IdParams, body: CommentRequest },
      config: { access: 'dispatcher' },
    },
    async (request, reply) => {
      await incidents.comment(request.params.id, request.user!.username, request.body.text);
      return reply.code(201).send(await getIncident(pool, request.params.id));
    },
  );

  app.post<Id & { Body: LinkTicketRequest }>(
    '/api/incidents/:id/tickets',
    {
      schema: { summary: 'Link a hotline ticket to the incident', response: ok(Incident), params: IdParams, body: LinkTicketRequest },
      config: { access: 'dispatcher' },
    },
    async (request) => {
      await incidents.linkTicket(request.params.id, request.user!.username, request.body.ticketId, request.body.note);
      return incidents.get(request.params.id);
    },
  );

  app.post<Id & { Body: MergeIncidentRequest }>(
    '/api/incidents/:id/merge',
    {
      schema: { summary: 'Merge the incident into another one', response: ok(Incident), params: IdParams, body: MergeIncidentRequest },
      config: { access: 'dispatcher' },
    },
    async (request) => {
      await incidents.merge(request.params.id, request.user!.username, request.body.into, request.body.note);
      return incidents.get(request.body.into);
    },
  );

  app.get<Id>(
    '/api/incidents/:id/context',
    {
      schema: { summary: "Building, residents' contacts and nearby fire stations of an incident", response: ok(IncidentContext), params: IdParams },
      config: { access: 'viewer' },
    },
    async (request) => contextFor(request.user!, await readIncidentContext(pool, request.params.id)),
  );

  app.post<Id & { Body: HandoffRequest }>(
    '/api/incidents/:id/handoff',
    {
      schema: {
        summary: 'Hand a fire incident off to the fire and rescue service (114)',
        response: created(FireHandoff),
        params: IdParams,
        body: Type.Optional(HandoffRequest),
      },
      config: { access: 'dispatcher' },
    },
    async (request, reply) => {
      const { handoff } = await incidents.handoff(request.params.id, request.user!.username, { stationId: request.body?.stationId, note: request.body?.note });
      return reply.code(201).send(handoff);
    },
  );
}
