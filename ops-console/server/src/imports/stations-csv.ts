import { readCsv } from './csv-table.ts';

const COLUMNS = ['id', 'name', 'address', 'phone', 'lat', 'lon'];

/**
 * Fire stations from a CSV file (`name`, `lat`, `lon`, and any of `id`, `address`, `phone`) as the
 * GeoJSON collection the stations loader reads, with the CSV line of each feature so its problems
 * are named where a person finds them. A header problem is answered at once.
 */
export function stationsFromCsv(text: string, source: string): { collection: unknown; lineOf: (feature: number) => number } | { problem: string } {
  const { header, rows } = readCsv(text);
  const unknown = header.filter((h) => !COLUMNS.includes(h));
  const missing = ['name', 'lat', 'lon'].filter((c) => !header.includes(c));
  if (missing.length > 0) return { problem: `the header lacks ${missing.join(', ')}` };
  if (unknown.length > 0) return { problem: `unknown columns ${unknown.join(', ')} (columns are ${COLUMNS.join(', ')})` };
  const number = (text: string | undefined) => (text === undefined || text === '' ? NaN : Number(text.replace(',', '.')));
  const features = rows.map((r) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [number(r.cells.lon), number(r.cells.lat)] },
    properties: { id: r.cells.id || undefined, name: r.cells.name, address: r.cells.address, phone: r.cells.phone },
  }));
  // Features are numbered from 1; feature n is the CSV row n (its line from the file).
  return { collection: { type: 'FeatureCollection', source, features }, lineOf: (feature) => rows[feature - 1]?.line ?? 1 };
}
