import Type from 'typebox';
import { Latitude, Longitude } from '../mqtt/common.ts';
import { IsoTime } from './common.ts';

/**
 * Fire-alarm buildings: the registry a fire panel is tied to, the fire stations a deployment
 * loads from GeoJSON, and the hand-off to 114 that carries both.
 */

export const BUILDING_USAGES = [
  'residential',
  'apartment',
  'office',
  'commercial',
  'karaoke',
  'hotel',
  'hospital',
  'school',
  'factory',
  'mixed',
  'other',
] as const;
export const BuildingUsage = Type.Enum(BUILDING_USAGES);

export const BuildingIdSchema = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });

const BuildingFields = {
  /** The house identifier of the national address database (mã số định danh nhà). */
  houseId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  address: Type.String({ minLength: 1, maxLength: 300 }),
  area: Type.Optional(Type.String({ maxLength: 100 })),
  lat: Latitude,
  lon: Longitude,
  floors: Type.Optional(Type.Integer({ minimum: 0, maximum: 200 })),
  basementFloors: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
  occupants: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  usage: Type.Optional(BuildingUsage),
  contactName: Type.Optional(Type.String({ maxLength: 200 })),
  contactPhone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 .-]{3,20}$' })),
  notes: Type.Optional(Type.String({ maxLength: 2000 })),
};

/** POST /api/buildings (admin). */
export const CreateBuildingRequest = Type.Object({ id: BuildingIdSchema, ...BuildingFields });
export type CreateBuildingRequest = Type.Static<typeof CreateBuildingRequest>;

/** PUT /api/buildings/{id} (admin): the whole record again, without the id. */
export const UpdateBuildingRequest = Type.Object(BuildingFields);
export type UpdateBuildingRequest = Type.Static<typeof UpdateBuildingRequest>;

/**
 * POST /api/buildings/import (admin): a registry file as text, CSV (a header row of field names) or
 * a GeoJSON FeatureCollection of Points. All or nothing: one bad row refuses the file (400
 * CITYOPS_IMPORT_INVALID with `problems`, each by row); otherwise every row is created or replaced by id.
 */
export const ImportBuildingsRequest = Type.Object(
  { format: Type.Enum(['csv', 'geojson'] as const), content: Type.String({ minLength: 1, maxLength: 10_000_000 }) },
  { additionalProperties: false },
);
export type ImportBuildingsRequest = Type.Static<typeof ImportBuildingsRequest>;

export const ImportBuildingsResult = Type.Object({ created: Type.Integer(), updated: Type.Integer(), total: Type.Integer() });
export type ImportBuildingsResult = Type.Static<typeof ImportBuildingsResult>;

/**
 * POST /api/fire-stations/import (admin): a GeoJSON FeatureCollection (the default) or a CSV file
 * (`name`, `lat`, `lon`, optional `id`, `address`, `phone`; `source` names it) that replaces the
 * stations of its source, all or nothing.
 */
export const ImportFireStationsRequest = Type.Object(
  {
    format: Type.Optional(Type.Enum(['geojson', 'csv'] as const)),
    content: Type.String({ minLength: 1, maxLength: 10_000_000 }),
    /** A CSV file's source (who published it); GeoJSON carries its own. */
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ImportFireStationsRequest = Type.Static<typeof ImportFireStationsRequest>;

export const ImportFireStationsResult = Type.Object({ source: Type.String(), sample: Type.Boolean(), count: Type.Integer() });
export type ImportFireStationsResult = Type.Static<typeof ImportFireStationsResult>;

/** One problem of a refused import: the CSV line or the GeoJSON feature number (from 1), the field if known. */
export const ImportProblem = Type.Object({ row: Type.Integer(), field: Type.Union([Type.String(), Type.Null()]), message: Type.String() });
export type ImportProblem = Type.Static<typeof ImportProblem>;

/** PUT /api/devices/{id}/building (admin): ties a fire panel to its building; null unties it. */
export const LinkBuildingRequest = Type.Object({ buildingId: Type.Union([BuildingIdSchema, Type.Null()]) });
export type LinkBuildingRequest = Type.Static<typeof LinkBuildingRequest>;

const nullable = <T extends Type.TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Building = Type.Object({
  id: Type.String(),
  houseId: nullable(Type.String()),
  name: nullable(Type.String()),
  address: Type.String(),
  area: nullable(Type.String()),
  lat: Type.Number(),
  lon: Type.Number(),
  floors: nullable(Type.Integer()),
  basementFloors: nullable(Type.Integer()),
  occupants: nullable(Type.Integer()),
  usage: nullable(Type.String()),
  /** Personal data: present for dispatcher+ only; viewers see null. */
  contactName: nullable(Type.String()),
  contactPhone: nullable(Type.String()),
  notes: nullable(Type.String()),
  /** `registry` (entered by the city) or `sample` (generated for the embedded demo). */
  source: Type.String(),
  /** Fire panels tied to it. */
  panelIds: Type.Array(Type.String()),
  updatedAt: IsoTime,
});
export type Building = Type.Static<typeof Building>;

export const BuildingList = Type.Object({ items: Type.Array(Building), total: Type.Integer() });
export type BuildingList = Type.Static<typeof BuildingList>;

export const FireStation = Type.Object({
  id: Type.String(),
  name: Type.String(),
  address: nullable(Type.String()),
  phone: nullable(Type.String()),
  lat: Type.Number(),
  lon: Type.Number(),
  /** Where the data came from (the GeoJSON's `source`/file name). */
  source: Type.String(),
  /** True for the bundled demo set: never real station locations. */
  sample: Type.Boolean(),
});
export type FireStation = Type.Static<typeof FireStation>;

export const NearbyFireStation = Type.Object({ ...FireStation.properties, distanceM: Type.Integer({ minimum: 0 }) });
export type NearbyFireStation = Type.Static<typeof NearbyFireStation>;

export const FireStationList = Type.Object({ items: Type.Array(FireStation) });
export type FireStationList = Type.Static<typeof FireStationList>;

/** POST /api/incidents/{id}/handoff (dispatcher+): hands the incident and its building to 114. */
export const HandoffRequest = Type.Object({
  /** The station asked to respond; default: the nearest one. */
  stationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type HandoffRequest = Type.Static<typeof HandoffRequest>;

export const FireHandoff = Type.Object({
  id: Type.Integer(),
  incidentId: Type.Integer(),
  at: IsoTime,
  by: Type.String(),
  unit: Type.String(),
  stationId: nullable(Type.String()),
  /** The building as it was handed over (a snapshot; contact included: 114 needs it). */
  building: nullable(Building),
  stations: Type.Array(NearbyFireStation),
  note: nullable(Type.String()),
});
export type FireHandoff = Type.Static<typeof FireHandoff>;

/** GET /api/incidents/{id}/context: what a dispatcher needs beside the incident itself. */
export const IncidentContext = Type.Object({
  incidentId: Type.Integer(),
  building: nullable(Building),
  /** Nearest stations to the incident (or its building), closest first. */
  nearestStations: Type.Array(NearbyFireStation),
  handoffs: Type.Array(FireHandoff),
});
export type IncidentContext = Type.Static<typeof IncidentContext>;

/** Stations listed with an incident's context. */
export const NEAREST_STATIONS = 3;
