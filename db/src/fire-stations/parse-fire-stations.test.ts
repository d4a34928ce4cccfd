import { describe, expect, it } from 'vitest';
import { FireStationsFileError, parseFireStations } from './parse-fire-stations.ts';

const point = (lon: number, lat: number, properties: Record<string, unknown>) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties,
});
const collection = (features: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'FeatureCollection', features, ...extra });

describe('parseFireStations', () => {
  it('reads stations with their optional fields and the publisher as source', () => {
    const parsed = parseFireStations(
      collection([point(105.85, 21.03, { id: 'HK', name: 'Đội PCCC Hoàn Kiếm', address: 'Phố X', phone: '114' })], { source: 'Sở PCCC Hà Nội 2026' }),
      'stations.geojson',
    );
    expect(parsed).toEqual({
      source: 'Sở PCCC Hà Nội 2026',
      sample: false,
      stations: [{ id: 'HK', name: 'Đội PCCC Hoàn Kiếm', address: 'Phố X', phone: '114', lat: 21.03, lon: 105.85, sample: false }],
    });
  });

  it('marks every station of a sample collection as sample and falls back to the file name and index ids', () => {
    const parsed = parseFireStations(collection([point(105.8, 21, { name: 'Trạm mẫu' })], { sample: true }), 'demo.geojson');
    expect(parsed.source).toBe('demo.geojson');
    expect(parsed.stations[0]).toMatchObject({ id: 'station-1', sample: true, address: null, phone: null });
  });

  it('names each bad feature and loads nothing', () => {
    const bad = collection([
      point(105.8, 21, { name: 'ok', id: 'A' }),
      point(200, 21, { name: 'far' }),
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [] }, properties: { name: 'x' } },
      point(105.8, 21, { id: 'B' }),
      point(105.8, 21, { name: 'dup', id: 'A' }),
    ]);
    let thrown: unknown;
    try {
      parseFireStations(bad, 'f.geojson');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(FireStationsFileError);
    expect((thrown as Error).message).toBe(
      'f.geojson: features[1] has no valid [lon, lat]; features[2] is not a Point feature; features[3] has no properties.name (and 1 more)',
    );
    // Each problem by feature number from 1, for an import to name the row.
    expect((thrown as FireStationsFileError).problems).toEqual([
      { row: 2, message: 'features[1] has no valid [lon, lat]' },
      { row: 3, message: 'features[2] is not a Point feature' },
      { row: 4, message: 'features[3] has no properties.name' },
      { row: 5, message: 'features[4] repeats id A' },
    ]);
  });

  it('refuses what is not a FeatureCollection, and an empty one', () => {
    expect(() => parseFireStations({ type: 'Feature' }, 'x')).toThrow('x: not a GeoJSON FeatureCollection');
    expect(() => parseFireStations(collection([]), 'x')).toThrow('x: no stations in the collection');
  });
});
