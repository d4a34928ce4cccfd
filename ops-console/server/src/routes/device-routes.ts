import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import {
  CityopsError,
  CreateDeviceRequest,
  DeadLetterQuery,
  DeviceKindSchema,
  type DeviceKind,
  DeadLetterList,
  Device,
  DeviceCredentials,
  DeviceList,
} from '@cityops/contracts';
import {
  BrokerAccountsError,
  findDevice,
  listDeadLetters,
  listDevices,
  provisionDevice,
  revokeDevice,
  type BrokerDeviceAccounts,
  type Pool,
} from '@cityops/db';
import { created, ok } from '../openapi/responses.ts';

const IdParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });

export function deviceRoutes(app: FastifyInstance, { pool, accounts }: { pool: Pool; accounts?: BrokerDeviceAccounts }): void {
  app.get<{ Querystring: { kind?: DeviceKind } }>(
    '/api/devices',
    {
      schema: {
        summary: 'Devices of the registry with their live status',
        response: ok(DeviceList),
        querystring: Type.Object({ kind: Type.Optional(DeviceKindSchema) }),
      },
      config: { access: 'viewer' },
    },
    async (request) => {
      const items = await listDevices(pool, { kind: request.query.kind });
      return { items, total: items.length };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/devices/:id',
    { schema: { summary: 'One device', response: ok(Device), params: IdParams }, config: { access: 'viewer' } },
    async (request) => {
      const device = await findDevice(pool, request.params.id);
      if (!device) throw new CityopsError('CITYOPS_DEVICE_NOT_FOUND', `no device ${request.params.id}`);
      return device;
    },
  );

  app.post<{ Body: CreateDeviceRequest }>(
    '/api/devices',
    {
      schema: { summary: 'Provision a device (its MQTT password is shown once)', response: created(DeviceCredentials), body: CreateDeviceRequest },
      config: { access: 'admin', audit: 'device.create' },
    },
    async (request, reply) => {
      const credentials = await provisionDevice(pool, request.body, accounts).catch((err: unknown) => {
        // The registry transaction rolled back: the device exists nowhere, and may be added again.
        if (err instanceof BrokerAccountsError) throw new CityopsError('CITYOPS_BROKER_ACCOUNT_FAILED', err.message);
        throw err;
      });
      request.log.info({ deviceId: credentials.id, by: request.user?.username }, 'device provisioned');
      return reply.code(201).send(credentials);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/devices/:id',
    {
      schema: { summary: 'Revoke a device: its messages are refused from then on', response: ok(Device), params: IdParams },
      config: { access: 'admin', audit: 'device.revoke' },
    },
    async (request) => {
      request.auditBefore = await findDevice(pool, request.params.id);
      return revokeDevice(pool, request.params.id);
    },
  );

  app.get<{ Querystring: DeadLetterQuery }>(
    '/api/dead-letters',
    {
      schema: { summary: 'Messages the gateway refused, with the reason', response: ok(DeadLetterList), querystring: DeadLetterQuery },
      config: { access: 'admin' },
    },
    async (request) => {
      const q = request.query;
      return { items: await listDeadLetters(pool, { deviceId: q.deviceId, reason: q.reason, before: q.before, limit: q.limit ?? 100 }) };
    },
  );
}
