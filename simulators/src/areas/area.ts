/**
 * Areas are data a deployment loads, not code (domain.md): one entry per commune-level unit.
 * Validation returns `{ value }` or `{ errors }` so callers decide how loudly to fail.
 */
export interface Area {
  /** Short id used inside device ids, e.g. `A001`. */
  id: string;
  name: string;
  /** Centroid. */
  lat: number;
  lon: number;
  radiusKm: number;
  /** Relative density of devices and people; only ratios matter. */
  weight: number;
}

export interface AreaSet {
  city: string;
  /** True while the file holds invented areas rather than a deployment's real ones. */
  sample: boolean;
  source: string;
  areas: Area[];
}

export type Validated<T> = { value: T; errors?: undefined } | { value?: undefined; errors: string[] };

/** Area ids end up inside device ids (`CAM-A001-0001`), so they share the device-id alphabet. */
export const AREA_ID_PATTERN = /^[A-Za-z0-9_-]{1,24}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumberIn = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

function checkArea(raw: unknown, at: string, errors: string[]): void {
  if (!isObject(raw)) {
    errors.push(`${at} must be an object`);
    return;
  }
  if (typeof raw.id !== 'string' || !AREA_ID_PATTERN.test(raw.id)) errors.push(`${at}.id must be 1-24 of A-Z a-z 0-9 _ -`);
  if (typeof raw.name !== 'string' || raw.name.trim() === '') errors.push(`${at}.name must be a non-empty string`);
  if (!isNumberIn(raw.lat, -90, 90)) errors.push(`${at}.lat must be a number in [-90, 90]`);
  if (!isNumberIn(raw.lon, -180, 180)) errors.push(`${at}.lon must be a number in [-180, 180]`);
  if (!isNumberIn(raw.radiusKm, 0.01, 100)) errors.push(`${at}.radiusKm must be a number in [0.01, 100]`);
  if (!isNumberIn(raw.weight, 0, 1e6)) errors.push(`${at}.weight must be a number ≥ 0`);
}

export function validateAreaSet(raw: unknown): Validated<AreaSet> {
  if (!isObject(raw)) return { errors: ['top level must be an object with an "areas" array'] };
  const errors: string[] = [];
  if (typeof raw.city !== 'string' || raw.city === '') errors.push('"city" must be a non-empty string');
  if (typeof raw.sample !== 'boolean') errors.push('"sample" must be true or false');
  if (typeof raw.source !== 'string') errors.push('"source" must be a string saying where the areas come from');
  if (!Array.isArray(raw.areas) || raw.areas.length === 0) {
    errors.push('"areas" must be a non-empty array');
    return { errors };
  }
  const seen = new Set<string>();
  raw.areas.forEach((a: unknown, i) => {
    checkArea(a, `areas[${i}]`, errors);
    const id = isObject(a) ? a.id : undefined;
    if (typeof id === 'string') {
      if (seen.has(id)) errors.push(`areas[${i}].id "${id}" is used twice`);
      seen.add(id);
    }
  });
  if (errors.length === 0 && !raw.areas.some((a: Area) => a.weight > 0)) errors.push('at least one area needs weight > 0');
  if (errors.length > 0) return { errors };
  return { value: raw as unknown as AreaSet };
}
