import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import {
  CityopsError,
  ConsoleSettings,
  CreateContactPointRequest,
  DeliveryQuery,
  EmailSettings,
  errorsByPath,
  HttpGatewaySettings,
  RowId,
  summarizeErrors,
  UpdateContactPointRequest,
  WebhookSettings,
  type ContactPointSettings,
  type ContactPointType,
  ContactPoint,
  ContactPointList,
  ContactPointWithSecret,
  Delivery,
  DeliveryList,
  PolicyTrace,
  StoredNotificationPolicy,
} from '@cityops/contracts';
import {
  createContactPoint,
  deleteContactPoint,
  getContactPoint,
  getIncident,
  incidentLines,
  listContactPoints,
  listDeliveries,
  publicContactPoint,
  readNotificationPolicy,
  resendDelivery,
  rotateContactPointSecret,
  updateContactPoint,
  withTransaction,
  writeNotificationPolicy,
  type Pool,
} from '@cityops/db';
import { checkPolicy, contactPointNamesOf, factsOf, tracePolicy } from '@cityops/notifications';
import { created, noContent, ok } from '../openapi/responses.ts';

const IdParams = Type.Object({ id: RowId });

const SETTINGS_BY_TYPE = {
  webhook: Compile(WebhookSettings),
  email: Compile(EmailSettings),
  http_gateway: Compile(HttpGatewaySettings),
  console: Compile(ConsoleSettings),
} as const satisfies Record<ContactPointType, unknown>;

/** A PATCH's settings must be those of the contact point's own type (its type never changes). */
function checkSettings(type: ContactPointType, settings: ContactPointSettings): void {
  const v = SETTINGS_BY_TYPE[type];
  if (v.Check(settings)) return;
  const errors = v.Errors(settings) as never;
  throw new CityopsError('CITYOPS_CONTACT_POINT_INVALID', `${type} settings: ${summarizeErrors(errors)}`, {
    errors: errorsByPath(errors).map((e) => ({ ...e, path: `/settings${e.path === '/' ? '' : e.path}` })),
  });
}

/**
 * Outgoing notifications: contact points and the policy (admins), the deliveries and why an
 * incident went where it went (supervisors and up). The notifier (notifications/) reads what these
 * write; a policy change applies from the next incident event on.
 */
export function notificationRoutes(app: FastifyInstance, { pool, resendGiveUpAfterMs }: { pool: Pool; resendGiveUpAfterMs: number }): void {
  app.get(
    '/api/contact-points',
    { schema: { summary: 'Contact points (secrets only as hasSecret)', response: ok(ContactPointList) }, config: { access: 'admin' } },
    async () => ({ items: (await listContactPoints(pool)).map(publicContactPoint) }),
  );

  app.post<{ Body: CreateContactPointRequest }>(
    '/api/contact-points',
    {
      schema: {
        summary: 'Create a contact point (its signing secret is shown once)',
        response: created(ContactPointWithSecret),
        body: CreateContactPointRequest,
      },
      config: { access: 'admin', audit: 'contact_point.create' },
    },
    async (request, reply) => {
      const created = await createContactPoint(pool, request.body, request.user!.username);
      request.auditTarget = created.name;
      request.log.info({ contactPointId: created.id, name: created.name, type: created.type, by: request.user!.username }, 'contact point created');
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.patch<{ Params: { id: number }; Body: UpdateContactPointRequest }>(
    '/api/contact-points/:id',
    {
      schema: { summary: 'Change a contact point', response: ok(ContactPoint), params: IdParams, body: UpdateContactPointRequest },
      config: { access: 'admin', audit: 'contact_point.update' },
    },
    async (request) => {
      return withTransaction(pool, async (db) => {
        const before = await getContactPoint(db, request.params.id, true);
        request.auditBefore = publicContactPoint(before);
        request.auditTarget = before.name;
        if (request.body.settings) checkSettings(before.type, request.body.settings);
        return publicContactPoint(await updateContactPoint(db, before.id, request.body, request.user!.username));
      });
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/contact-points/:id/secret',
    {
      schema: { summary: "Rotate a contact point's signing secret (shown once)", response: ok(ContactPointWithSecret), params: IdParams },
      config: { access: 'admin', audit: 'contact_point.rotate_secret' },
    },
    async (request, reply) => {
      const rotated = await withTransaction(pool, (db) => rotateContactPointSecret(db, request.params.id, request.user!.username));
      request.auditTarget = rotated.name;
      return reply.header('cache-control', 'no-store').send(rotated);
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/api/contact-points/:id',
    {
      schema: { summary: 'Delete a contact point no route uses', response: noContent, params: IdParams },
      config: { access: 'admin', audit: 'contact_point.delete' },
    },
    async (request, reply) => {
      await withTransaction(pool, async (db) => {
        // The policy row is locked first, as a policy change locks it: a delete and a PUT naming
        // the same contact point cannot both pass their checks.
        const { policy } = await readNotificationPolicy(db, true);
        const target = await getContactPoint(db, request.params.id, true);
        request.auditBefore = publicContactPoint(target);
        request.auditTarget = target.name;
        if (contactPointNamesOf(policy).has(target.name))
          throw new CityopsError('CITYOPS_CONTACT_POINT_IN_USE', `the notification policy still sends to ${target.name}: take it out of the policy first`);
        await deleteContactPoint(db, target.id, request.user!.username);
      });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/notification-policy',
    { schema: { summary: 'The notification policy (route tree)', response: ok(StoredNotificationPolicy) }, config: { access: 'admin' } },
    async () => readNotificationPolicy(pool),
  );

  app.put<{ Body: unknown }>(
    '/api/notification-policy',
    // The route tree is recursive: checked by ../../notifications' checkPolicy, which also knows the contact points.
    {
      schema: { summary: 'Replace the notification policy', response: ok(StoredNotificationPolicy), body: Type.Object({}, { additionalProperties: true }) },
      config: { access: 'admin', audit: 'notification_policy.update' },
    },
    async (request) =>
      withTransaction(pool, async (db) => {
        const before = await readNotificationPolicy(db, true);
        request.auditBefore = before.policy;
        const live = new Map((await listContactPoints(db)).map((c) => [c.name, c.type] as const));
        const checked = checkPolicy(request.body, live);
        if (!checked.ok) throw new CityopsError('CITYOPS_NOTIFICATION_POLICY_INVALID', checked.problem, { errors: checked.errors });
        return writeNotificationPolicy(db, checked.policy, request.user!.username);
      }),
  );

  app.get<{ Querystring: DeliveryQuery }>(
    '/api/notifications',
    { schema: { summary: 'Notification deliveries, newest first', response: ok(DeliveryList), querystring: DeliveryQuery }, config: { access: 'supervisor' } },
    async (request) => listDeliveries(pool, request.query),
  );

  app.post<{ Params: { id: number } }>(
    '/api/notifications/:id/resend',
    {
      schema: { summary: 'Send a given-up notification again', response: ok(Delivery), params: IdParams },
      config: { access: 'admin', audit: 'notification.resend' },
    },
    async (request) => {
      const now = new Date();
      const sent = await withTransaction(pool, (db) => resendDelivery(db, request.params.id, now, new Date(now.getTime() + resendGiveUpAfterMs)));
      request.auditTarget = sent.idempotencyKey;
      return sent;
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/incidents/:id/notification-routes',
    {
      schema: { summary: 'Which notification routes an incident matches, and why', response: ok(PolicyTrace), params: IdParams },
      config: { access: 'supervisor' },
    },
    async (request): Promise<PolicyTrace> => {
      const incident = await getIncident(pool, request.params.id);
      const line = (await incidentLines(pool, [incident.id])).get(incident.id) ?? null;
      const { policy } = await readNotificationPolicy(pool);
      return { incidentId: incident.id, line: line as PolicyTrace['line'], routes: tracePolicy(policy, factsOf(incident, line)).trace };
    },
  );
}
