import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import {
  BuildingIdSchema,
  CityopsError,
  CreateBuildingRequest,
  LinkBuildingRequest,
  MAX_ROW_ID,
  roleAtLeast,
  UpdateBuildingRequest,
  type Building,
  type SessionUser,
} from '@cityops/contracts';
import {
  deleteBuilding,
  findBuilding,
  insertBuilding,
  linkDeviceToBuilding,
  listBuildings,
  listFireStations,
  updateBuilding,
  withoutContact,
  type Pool,
} from '@cityops/db';

const IdParams = Type.Object({ id: BuildingIdSchema });
type Id = { Params: { id: string } };

/** Contact details are personal data: dispatchers and up call them, the wall does not see them. */
const forUser = (user: SessionUser, b: Building): Building => (roleAtLeast(user.role, 'dispatcher') ? b : withoutContact(b));

/** The building registry fire panels are tied to, and the fire stations loaded from GeoJSON. */
export function buildingRoutes(app: FastifyInstance, { pool }: { pool: Pool }): void {
  app.get<{ Querystring: { area?: string; q?: string; limit?: number; offset?: number } }>(
    '/api/buildings',
    {
      schema: {
        querystring: Type.Object({
          area: Type.Optional(Type.String({ maxLength: 100 })),
          q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_ROW_ID })),
        }),
      },
      config: { access: 'viewer' },
    },
    async (request) => {
      const { area, q, limit, offset } = request.query;
      const page = await listBuildings(pool, { area, q, limit: limit ?? 100, offset: offset ?? 0 });
      return { items: page.items.map((b) => forUser(request.user!, b)), total: page.total };
    },
  );

  app.get<Id>('/api/buildings/:id', { schema: { params: IdParams }, config: { access: 'viewer' } }, async (request) => {
    const building = await findBuilding(pool, request.params.id);
    if (!building) throw new CityopsError('CITYOPS_BUILDING_NOT_FOUND', `no building ${request.params.id}`);
    return forUser(request.user!, building);
  });

  app.post<{ Body: CreateBuildingRequest }>(
    '/api/buildings',
    { schema: { body: CreateBuildingRequest }, config: { access: 'admin', audit: 'building.create' } },
    async (request, reply) => {
      const building = await insertBuilding(pool, request.body);
      request.log.info({ buildingId: building.id, by: request.user?.username }, 'building registered');
      return reply.code(201).send(building);
    },
  );

  app.put<Id & { Body: UpdateBuildingRequest }>(
    '/api/buildings/:id',
    { schema: { params: IdParams, body: UpdateBuildingRequest }, config: { access: 'admin', audit: 'building.update' } },
    async (request) => {
      request.auditBefore = await findBuilding(pool, request.params.id);
      return updateBuilding(pool, request.params.id, request.body);
    },
  );

  app.delete<Id>('/api/buildings/:id', { schema: { params: IdParams }, config: { access: 'admin', audit: 'building.delete' } }, async (request, reply) => {
    request.auditBefore = await findBuilding(pool, request.params.id);
    await deleteBuilding(pool, request.params.id);
    return reply.code(204).send();
  });

  app.put<{ Params: { id: string }; Body: LinkBuildingRequest }>(
    '/api/devices/:id/building',
    {
      schema: { params: Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) }), body: LinkBuildingRequest },
      config: { access: 'admin', audit: 'device.link_building' },
    },
    async (request) => {
      await linkDeviceToBuilding(pool, request.params.id, request.body.buildingId);
      return { deviceId: request.params.id, buildingId: request.body.buildingId };
    },
  );

  app.get('/api/fire-stations', { config: { access: 'viewer' } }, async () => ({ items: await listFireStations(pool) }));
}
