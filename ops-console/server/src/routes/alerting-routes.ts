import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import {
  CreateMaintenanceWindowRequest,
  CreateSilenceRequest,
  IncidentKind,
  PutSopRequest,
  RowId,
  AlertRuleView,
  AlertStateView,
  MaintenanceWindow,
  Silence,
  SopChecklist,
  SopList,
} from '@cityops/contracts';
import type { AlertingCommands } from '@cityops/alerting';
import { created, itemsOf, noContent, ok } from '../openapi/responses.ts';

const RuleId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const NumericId = Type.Object({ id: RowId });
/** A rule body is checked by alerting against the schema of its kind: clearer errors than a union. */
const RuleBody = Type.Object({ kind: Type.String() }, { additionalProperties: true });

/**
 * Rules, alert states, silences and maintenance windows. Everyone signed in may read them
 * (an operator should see why the wall is quiet); supervisors change them.
 */
export function alertingRoutes(app: FastifyInstance, { alerting }: { alerting: AlertingCommands }): void {
  const sopOf = async (kind: IncidentKind) => (await alerting.sops.list()).find((s) => s.kind === kind) ?? null;
  // Standard procedures: read by everyone signed in (the desk shows them), changed by supervisors.
  app.get(
    '/api/sops',
    { schema: { summary: 'Standard procedures (checklists) per incident kind', response: ok(SopList) }, config: { access: 'viewer' } },
    async (): Promise<SopList> => ({ items: await alerting.sops.list() }),
  );
  app.put<{ Params: { kind: IncidentKind }; Body: PutSopRequest }>(
    '/api/sops/:kind',
    {
      schema: {
        summary: 'Replace the procedure checklist of an incident kind',
        response: ok(SopChecklist),
        params: Type.Object({ kind: IncidentKind }),
        body: PutSopRequest,
      },
      config: { access: 'supervisor', audit: 'sop.update' },
    },
    async (request) => {
      request.auditBefore = await sopOf(request.params.kind);
      return alerting.sops.put(request.params.kind, request.body.items, request.user!.username);
    },
  );
  app.delete<{ Params: { kind: IncidentKind } }>(
    '/api/sops/:kind',
    {
      schema: { summary: 'Go back to the shipped checklist of an incident kind', response: ok(SopChecklist), params: Type.Object({ kind: IncidentKind }) },
      config: { access: 'supervisor', audit: 'sop.reset' },
    },
    async (request) => {
      request.auditBefore = await sopOf(request.params.kind);
      return alerting.sops.reset(request.params.kind);
    },
  );

  const { rules, silences } = alerting;
  // The rule as it was, for the audit log; a missing rule is the route's own 404 to give.
  const ruleBefore = (id: string) => rules.get(id).catch(() => null);
  const by = (request: { user?: { username: string } | null }) => request.user!.username;

  app.get('/api/rules', { schema: { summary: 'Alert rules', response: ok(itemsOf(AlertRuleView)) }, config: { access: 'viewer' } }, async () => ({
    items: await rules.list(),
  }));
  app.get<{ Params: { id: string } }>(
    '/api/rules/:id',
    { schema: { summary: 'One alert rule', response: ok(AlertRuleView), params: RuleId }, config: { access: 'viewer' } },
    async (request) => rules.get(request.params.id),
  );
  app.post<{ Body: Record<string, unknown> }>(
    '/api/rules',
    { schema: { summary: 'Create an alert rule', response: created(AlertRuleView), body: RuleBody }, config: { access: 'supervisor', audit: 'rule.create' } },
    async (request, reply) => reply.code(201).send(await rules.create(request.body, by(request))),
  );
  app.put<{ Params: { id: string }; Body: Record<string, unknown> }>(
    '/api/rules/:id',
    {
      schema: { summary: 'Replace an alert rule', response: ok(AlertRuleView), params: RuleId, body: RuleBody },
      config: { access: 'supervisor', audit: 'rule.update' },
    },
    async (request) => {
      request.auditBefore = await ruleBefore(request.params.id);
      return rules.replace(request.params.id, request.body, by(request));
    },
  );
  app.post<{ Params: { id: string } }>(
    '/api/rules/:id/reset',
    {
      schema: { summary: "Go back to a shipped rule's defaults", response: ok(AlertRuleView), params: RuleId },
      config: { access: 'supervisor', audit: 'rule.reset' },
    },
    async (request) => {
      request.auditBefore = await ruleBefore(request.params.id);
      return rules.reset(request.params.id, by(request));
    },
  );
  app.delete<{ Params: { id: string } }>(
    '/api/rules/:id',
    { schema: { summary: 'Delete an alert rule of your own', response: noContent, params: RuleId }, config: { access: 'supervisor', audit: 'rule.delete' } },
    async (request, reply) => {
      request.auditBefore = await ruleBefore(request.params.id);
      await rules.remove(request.params.id, by(request));
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/alerts',
    { schema: { summary: 'Alert states: what each rule is watching, pending or firing', response: ok(itemsOf(AlertStateView)) }, config: { access: 'viewer' } },
    async () => ({ items: await alerting.alertStates() }),
  );

  app.get<{ Querystring: { expired?: boolean } }>(
    '/api/silences',
    {
      schema: { summary: 'Silences', response: ok(itemsOf(Silence)), querystring: Type.Object({ expired: Type.Optional(Type.Boolean()) }) },
      config: { access: 'viewer' },
    },
    async (request) => ({ items: await silences.list(request.query.expired ?? false) }),
  );
  app.post<{ Body: CreateSilenceRequest }>(
    '/api/silences',
    {
      schema: { summary: 'Silence matching alerts for a while', response: created(Silence), body: CreateSilenceRequest },
      config: { access: 'supervisor', audit: 'silence.create' },
    },
    async (request, reply) => reply.code(201).send(await silences.create(request.body, by(request))),
  );
  app.delete<{ Params: { id: number } }>(
    '/api/silences/:id',
    { schema: { summary: 'Expire a silence now', response: ok(Silence), params: NumericId }, config: { access: 'supervisor', audit: 'silence.expire' } },
    async (request) => silences.expire(request.params.id, by(request)),
  );

  app.get(
    '/api/maintenance-windows',
    { schema: { summary: 'Maintenance windows', response: ok(itemsOf(MaintenanceWindow)) }, config: { access: 'viewer' } },
    async () => ({ items: await silences.listWindows() }),
  );
  app.post<{ Body: CreateMaintenanceWindowRequest }>(
    '/api/maintenance-windows',
    {
      schema: { summary: 'Schedule a maintenance window', response: created(MaintenanceWindow), body: CreateMaintenanceWindowRequest },
      config: { access: 'supervisor', audit: 'maintenance_window.create' },
    },
    async (request, reply) => reply.code(201).send(await silences.createWindow(request.body, by(request))),
  );
  app.delete<{ Params: { id: number } }>(
    '/api/maintenance-windows/:id',
    {
      schema: { summary: 'Delete a maintenance window', response: noContent, params: NumericId },
      config: { access: 'supervisor', audit: 'maintenance_window.delete' },
    },
    async (request, reply) => {
      await silences.removeWindow(request.params.id, by(request));
      return reply.code(204).send();
    },
  );
}
