import { Compile } from 'typebox/compile';
import { CreateBuildingRequest, errorsByPath, type ImportProblem } from '@cityops/contracts';
import { readCsv } from './csv-table.ts';

const validate = Compile(CreateBuildingRequest);
const INTEGER_FIELDS = new Set(['floors', 'basementFloors', 'occupants']);
const NUMBER_FIELDS = new Set(['lat', 'lon']);
const FIELDS = Object.keys(CreateBuildingRequest.properties);
/** At most this many problems are reported: a wrong file would otherwise answer with thousands. */
const MAX_PROBLEMS = 100;

/** A cell as the schema wants it: numbers as numbers (a decimal comma read as a point), empty as absent. */
function value(field: string, text: string): unknown {
  if (text === '') return undefined;
  if (NUMBER_FIELDS.has(field) || INTEGER_FIELDS.has(field)) {
    const n = Number(text.replace(',', '.'));
    return Number.isFinite(n) ? n : text;
  }
  return text;
}

function checkRows(candidates: readonly { row: number; record: Record<string, unknown> }[]): { buildings: CreateBuildingRequest[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const buildings: CreateBuildingRequest[] = [];
  const ids = new Map<string, number>();
  const houses = new Map<string, number>();
  for (const { row, record } of candidates) {
    const clean = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
    if (!validate.Check(clean)) {
      // A missing field is reported on the row itself ("must have required properties address"): name it.
      for (const e of errorsByPath(validate.Errors(clean) as never))
        problems.push({ row, field: e.path.slice(1) || (e.message.match(/required propert(?:y|ies) (\w+)/)?.[1] ?? null), message: e.message });
      continue;
    }
    const b = clean as CreateBuildingRequest;
    const seenId = ids.get(b.id);
    if (seenId !== undefined) problems.push({ row, field: 'id', message: `repeats the id of row ${seenId}` });
    else ids.set(b.id, row);
    if (b.houseId) {
      const seenHouse = houses.get(b.houseId);
      if (seenHouse !== undefined) problems.push({ row, field: 'houseId', message: `repeats the house identifier of row ${seenHouse}` });
      else houses.set(b.houseId, row);
    }
    buildings.push(b);
  }
  return { buildings, problems: problems.slice(0, MAX_PROBLEMS) };
}

/**
 * Buildings from a CSV file: a header row naming the fields (`id`, `address`, `lat`, `lon`, and any
 * of `houseId`, `name`, `area`, `floors`, `basementFloors`, `occupants`, `usage`, `contactName`,
 * `contactPhone`, `notes`); unknown columns are a problem, not silently dropped.
 */
export function buildingsFromCsv(text: string): { buildings: CreateBuildingRequest[]; problems: ImportProblem[] } {
  const { header, rows } = readCsv(text);
  const unknown = header.filter((h) => !FIELDS.includes(h));
  const missing = ['id', 'address', 'lat', 'lon'].filter((f) => !header.includes(f));
  if (unknown.length > 0 || missing.length > 0) {
    const problems: ImportProblem[] = [];
    if (missing.length > 0) problems.push({ row: 1, field: null, message: `the header lacks ${missing.join(', ')}` });
    if (unknown.length > 0) problems.push({ row: 1, field: null, message: `unknown columns ${unknown.join(', ')} (fields are ${FIELDS.join(', ')})` });
    return { buildings: [], problems };
  }
  if (rows.length === 0) return { buildings: [], problems: [{ row: 1, field: null, message: 'the file has no rows under its header' }] };
  return checkRows(rows.map((r) => ({ row: r.line, record: Object.fromEntries(Object.entries(r.cells).map(([k, v]) => [k, value(k, v)])) })));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Buildings from a GeoJSON FeatureCollection of Points: the fields in `properties`, the place from the geometry. */
export function buildingsFromGeoJson(json: unknown): { buildings: CreateBuildingRequest[]; problems: ImportProblem[] } {
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features))
    return { buildings: [], problems: [{ row: 0, field: null, message: 'not a GeoJSON FeatureCollection' }] };
  if (json.features.length === 0) return { buildings: [], problems: [{ row: 0, field: null, message: 'the collection has no features' }] };
  const problems: ImportProblem[] = [];
  const candidates: { row: number; record: Record<string, unknown> }[] = [];
  json.features.forEach((f: unknown, i: number) => {
    const row = i + 1;
    const coords = isObject(f) && isObject(f.geometry) && f.geometry.type === 'Point' ? f.geometry.coordinates : undefined;
    if (!Array.isArray(coords) || typeof coords[0] !== 'number' || typeof coords[1] !== 'number') {
      problems.push({ row, field: 'geometry', message: 'is not a Point with [lon, lat]' });
      return;
    }
    const props = isObject(f) && isObject(f.properties) ? f.properties : {};
    const unknown = Object.keys(props).filter((k) => !FIELDS.includes(k) || k === 'lat' || k === 'lon');
    if (unknown.length > 0) problems.push({ row, field: null, message: `unknown properties ${unknown.join(', ')}` });
    candidates.push({ row, record: { ...props, lon: coords[0], lat: coords[1] } });
  });
  const checked = checkRows(candidates);
  return { buildings: checked.buildings, problems: [...problems, ...checked.problems].sort((a, b) => a.row - b.row).slice(0, MAX_PROBLEMS) };
}
