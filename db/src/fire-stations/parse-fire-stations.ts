/**
 * Fire stations come from a GeoJSON FeatureCollection a deployment supplies
 * (CITYOPS_FIRE_STATIONS_FILE): one Point feature per station, `properties.name` required,
 * `id`/`address`/`phone` optional. A collection whose top-level `sample` is true (the bundled demo set)
 * marks every station as sample data, so no screen can present invented locations as real ones.
 */
export interface FireStationInput {
  id: string;
  name: string;
  address: string | null;
  phone: string | null;
  lat: number;
  lon: number;
  sample: boolean;
}

export interface ParsedFireStations {
  /** The collection's `source` (who published it) or, failing that, the caller's label (the file name). */
  source: string;
  sample: boolean;
  stations: FireStationInput[];
}

export class FireStationsFileError extends Error {
  constructor(
    message: string,
    /** Each problem by feature number (from 1; 0 for the collection itself). */
    readonly problems: readonly { row: number; message: string }[] = [{ row: 0, message }],
  ) {
    super(message);
    this.name = 'FireStationsFileError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalText = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null);

/** Validates the whole collection and names the first problems by feature index; never half-loads. */
export function parseFireStations(json: unknown, label: string): ParsedFireStations {
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    throw new FireStationsFileError(`${label}: not a GeoJSON FeatureCollection`);
  }
  const sample = json.sample === true;
  const source = optionalText(json.source) ?? optionalText(json.name) ?? label;
  const errors: { row: number; message: string }[] = [];
  const stations: FireStationInput[] = [];
  const seen = new Set<string>();
  json.features.forEach((f: unknown, i: number) => {
    const where = `features[${i}]`;
    if (!isObject(f) || !isObject(f.geometry) || f.geometry.type !== 'Point' || !Array.isArray(f.geometry.coordinates)) {
      errors.push({ row: i + 1, message: `${where} is not a Point feature` });
      return;
    }
    const [lon, lat] = f.geometry.coordinates as unknown[];
    if (typeof lon !== 'number' || typeof lat !== 'number' || !(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
      errors.push({ row: i + 1, message: `${where} has no valid [lon, lat]` });
      return;
    }
    const props = isObject(f.properties) ? f.properties : {};
    const name = optionalText(props.name);
    if (!name) {
      errors.push({ row: i + 1, message: `${where} has no properties.name` });
      return;
    }
    const id = optionalText(props.id) ?? optionalText(f.id) ?? `station-${i + 1}`;
    if (id.length > 64) {
      errors.push({ row: i + 1, message: `${where} id is longer than 64 characters` });
      return;
    }
    if (seen.has(id)) {
      errors.push({ row: i + 1, message: `${where} repeats id ${id}` });
      return;
    }
    seen.add(id);
    stations.push({ id, name, address: optionalText(props.address), phone: optionalText(props.phone), lat, lon, sample: sample || props.sample === true });
  });
  if (errors.length > 0) {
    const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
    throw new FireStationsFileError(
      `${label}: ${errors
        .slice(0, 3)
        .map((e) => e.message)
        .join('; ')}${more}`,
      errors.slice(0, 100),
    );
  }
  if (stations.length === 0) throw new FireStationsFileError(`${label}: no stations in the collection`);
  return { source, sample, stations };
}
