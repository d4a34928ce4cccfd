import { describe, expect, it } from 'vitest';
import { buildingsFromCsv, buildingsFromGeoJson } from './buildings-import.ts';

const HEADER = 'id,houseId,name,address,area,lat,lon,floors,usage,contactPhone';

describe('buildings import', () => {
  it('reads a CSV file into buildings, numbers as numbers, empty cells as absent', () => {
    const { buildings, problems } = buildingsFromCsv(
      `${HEADER}\nB-1,0101-1,Chung cư A,"Số 5, phố Huế",P01,"21,0285",105.8542,12,apartment,0900 000 123\nB-2,,,Ngõ 3,,21.03,105.85,,,`,
    );
    expect(problems).toEqual([]);
    expect(buildings).toEqual([
      {
        id: 'B-1',
        houseId: '0101-1',
        name: 'Chung cư A',
        address: 'Số 5, phố Huế',
        area: 'P01',
        lat: 21.0285,
        lon: 105.8542,
        floors: 12,
        usage: 'apartment',
        contactPhone: '0900 000 123',
      },
      { id: 'B-2', address: 'Ngõ 3', lat: 21.03, lon: 105.85 },
    ]);
  });

  it('names each bad row by its line and field, and repeated ids or house identifiers', () => {
    const { problems } = buildingsFromCsv(
      `${HEADER}\nB-1,H-1,,Số 1,,21.03,105.85,,,\nB-2,,,Số 2,,91,105.85,,,\nB-1,,,Số 3,,21.03,105.85,,castle,\nB-4,H-1,,Số 4,,21.03,105.85,x,,`,
    );
    expect(problems).toEqual([
      { row: 3, field: 'lat', message: expect.stringContaining('90') },
      { row: 4, field: 'usage', message: expect.any(String) },
      { row: 5, field: 'floors', message: expect.any(String) },
    ]);
    const dup = buildingsFromCsv(`${HEADER}\nB-1,H-1,,Số 1,,21.03,105.85,,,\nB-1,H-1,,Số 3,,21.03,105.85,,,`);
    expect(dup.problems).toEqual([
      { row: 3, field: 'id', message: 'repeats the id of row 2' },
      { row: 3, field: 'houseId', message: 'repeats the house identifier of row 2' },
    ]);
  });

  it('refuses a header that lacks a required field or names an unknown one', () => {
    expect(buildingsFromCsv('id,address,lat\nB-1,x,21').problems).toEqual([{ row: 1, field: null, message: 'the header lacks lon' }]);
    expect(buildingsFromCsv('id,address,lat,lon,colour\nB-1,x,21,105,red').problems[0]!.message).toMatch(/^unknown columns colour/);
  });

  it('reads GeoJSON Points, the place from the geometry, and numbers bad features from 1', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [105.85, 21.03] }, properties: { id: 'B-1', address: 'Số 1', floors: 5 } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [] }, properties: { id: 'B-2', address: 'Số 2' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [105.85, 21.03] }, properties: { id: 'B-3' } },
      ],
    };
    const { buildings, problems } = buildingsFromGeoJson(fc);
    expect(buildings).toEqual([{ id: 'B-1', address: 'Số 1', floors: 5, lat: 21.03, lon: 105.85 }]);
    expect(problems).toEqual([
      { row: 2, field: 'geometry', message: 'is not a Point with [lon, lat]' },
      { row: 3, field: 'address', message: expect.any(String) },
    ]);
    expect(buildingsFromGeoJson({ type: 'Feature' }).problems).toEqual([{ row: 0, field: null, message: 'not a GeoJSON FeatureCollection' }]);
  });
});
