import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import {
  BuildingIdSchema,
  CityopsError,
  CreateBuildingRequest,
  ImportBuildingsRequest,
  ImportFireStationsRequest,
  LinkBuildingRequest,
  MAX_ROW_ID,
  roleAtLeast,
  UpdateBuildingRequest,
  type SessionUser,
  Building,
  BuildingList,
  FireStationList,
  ImportBuildingsResult,
  ImportFireStationsResult,
} from '@cityops/contracts';
import {
  BuildingImportConflict,
  deleteBuilding,
  findBuilding,
  FireStationsFileError,
  importBuildings,
  parseFireStations,
  replaceFireStations,
  insertBuilding,
  linkDeviceToBuilding,
  listBuildings,
  listFireStations,
  updateBuilding,
  withoutContact,
  type Pool,
} from '@cityops/db';
import { buildingsFromCsv, buildingsFromGeoJson } from '../imports/buildings-import.ts';
import { stationsFromCsv } from '../imports/stations-csv.ts';
import { created, noContent, ok } from '../openapi/responses.ts';

const IdParams = Type.Object({ id: BuildingIdSchema });
/** An import carries the whole file as text: larger than any other request. */
const IMPORT_BODY_LIMIT = 12 * 1024 * 1024;

const refuseImport = (problems: readonly { row: number; field?: string | null; message: string }[]): never => {
  throw new CityopsError('CITYOPS_IMPORT_INVALID', `${problems.length} problem(s); the first at row ${problems[0]?.row ?? 0}: ${problems[0]?.message ?? ''}`, {
    problems: problems.map((p) => ({ row: p.row, field: p.field ?? null, message: p.message })),
  });
};
type Id = { Params: { id: string } };

/** Contact details are personal data: dispatchers and up call them, the wall does not see them. */
const forUser = (user: SessionUser, b: Building): Building => (roleAtLeast(user.role, 'dispatcher') ? b : withoutContact(b));

/** The building registry fire panels are tied to, and the fire stations loaded from GeoJSON. */
export function buildingRoutes(app: FastifyInstance, { pool }: { pool: Pool }): void {
  app.get<{ Querystring: { area?: string; q?: string; limit?: number; offset?: number } }>(
    '/api/buildings',
    {
      schema: {
        summary: 'Buildings, searchable (fire-alarm addresses)',
        response: ok(BuildingList),
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

  app.get<Id>(
    '/api/buildings/:id',
    { schema: { summary: 'One building', response: ok(Building), params: IdParams }, config: { access: 'viewer' } },
    async (request) => {
      const building = await findBuilding(pool, request.params.id);
      if (!building) throw new CityopsError('CITYOPS_BUILDING_NOT_FOUND', `no building ${request.params.id}`);
      return forUser(request.user!, building);
    },
  );

  app.post<{ Body: CreateBuildingRequest }>(
    '/api/buildings',
    {
      schema: { summary: 'Register a building', response: created(Building), body: CreateBuildingRequest },
      config: { access: 'admin', audit: 'building.create' },
    },
    async (request, reply) => {
      const building = await insertBuilding(pool, request.body);
      request.log.info({ buildingId: building.id, by: request.user?.username }, 'building registered');
      return reply.code(201).send(building);
    },
  );

  app.put<Id & { Body: UpdateBuildingRequest }>(
    '/api/buildings/:id',
    {
      schema: { summary: 'Update a building', response: ok(Building), params: IdParams, body: UpdateBuildingRequest },
      config: { access: 'admin', audit: 'building.update' },
    },
    async (request) => {
      request.auditBefore = await findBuilding(pool, request.params.id);
      return updateBuilding(pool, request.params.id, request.body);
    },
  );

  app.delete<Id>(
    '/api/buildings/:id',
    { schema: { summary: 'Delete a building', response: noContent, params: IdParams }, config: { access: 'admin', audit: 'building.delete' } },
    async (request, reply) => {
      request.auditBefore = await findBuilding(pool, request.params.id);
      await deleteBuilding(pool, request.params.id);
      return reply.code(204).send();
    },
  );

  app.put<{ Params: { id: string }; Body: LinkBuildingRequest }>(
    '/api/devices/:id/building',
    {
      schema: {
        summary: 'Tie a fire panel to its building',
        response: ok(Type.Object({ deviceId: Type.String(), buildingId: Type.Union([Type.String(), Type.Null()]) })),
        params: Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) }),
        body: LinkBuildingRequest,
      },
      config: { access: 'admin', audit: 'device.link_building' },
    },
    async (request) => {
      await linkDeviceToBuilding(pool, request.params.id, request.body.buildingId);
      return { deviceId: request.params.id, buildingId: request.body.buildingId };
    },
  );

  app.get('/api/fire-stations', { schema: { summary: 'Fire stations', response: ok(FireStationList) }, config: { access: 'viewer' } }, async () => ({
    items: await listFireStations(pool),
  }));

  app.post<{ Body: ImportBuildingsRequest }>(
    '/api/buildings/import',
    {
      schema: { summary: 'Import buildings (JSON or CSV), all or nothing', response: ok(ImportBuildingsResult), body: ImportBuildingsRequest },
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { access: 'admin', audit: 'building.import' },
    },
    async (request): Promise<ImportBuildingsResult> => {
      const { format, content } = request.body;
      let parsed;
      if (format === 'csv') parsed = buildingsFromCsv(content);
      else {
        let json: unknown;
        try {
          json = JSON.parse(content);
        } catch (err) {
          return refuseImport([{ row: 0, message: `not JSON: ${(err as Error).message}` }]);
        }
        parsed = buildingsFromGeoJson(json);
      }
      if (parsed.problems.length > 0) return refuseImport(parsed.problems);
      try {
        const { created, updated } = await importBuildings(pool, parsed.buildings, 'registry');
        return { created, updated, total: parsed.buildings.length };
      } catch (err) {
        if (!(err instanceof BuildingImportConflict)) throw err;
        // Rows are numbered as the parser numbered them: CSV lines (header at 1) or features from 1.
        const firstRow = format === 'csv' ? 2 : 1;
        return refuseImport([{ row: firstRow + err.index, field: 'houseId', message: err.message }]);
      }
    },
  );

  app.post<{ Body: ImportFireStationsRequest }>(
    '/api/fire-stations/import',
    {
      schema: { summary: 'Replace the fire stations from a file (JSON or CSV)', response: ok(ImportFireStationsResult), body: ImportFireStationsRequest },
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { access: 'admin', audit: 'fire_station.import' },
    },
    async (request): Promise<ImportFireStationsResult> => {
      const { format, content, source } = request.body;
      let json: unknown;
      let lineOf = (feature: number) => feature;
      if (format === 'csv') {
        const csv = stationsFromCsv(content, source ?? 'import');
        if ('problem' in csv) return refuseImport([{ row: 1, message: csv.problem }]);
        json = csv.collection;
        lineOf = csv.lineOf;
      } else {
        try {
          json = JSON.parse(content);
        } catch (err) {
          return refuseImport([{ row: 0, message: `not JSON: ${(err as Error).message}` }]);
        }
      }
      try {
        const parsed = parseFireStations(json, source ?? 'import');
        await replaceFireStations(pool, parsed.source, parsed.stations);
        return { source: parsed.source, sample: parsed.sample, count: parsed.stations.length };
      } catch (err) {
        if (err instanceof FireStationsFileError) return refuseImport(err.problems.map((p) => ({ ...p, row: p.row > 0 ? lineOf(p.row) : p.row })));
        throw err;
      }
    },
  );
}
