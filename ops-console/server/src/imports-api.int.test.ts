import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

// Importing the building registry and the fire stations from files: all or nothing, problems by row.
let h: ConsoleHarness;
const HEADER = 'id,houseId,name,address,area,lat,lon,floors,usage,contactPhone';
const total = async () => (await h.api('admin', 'GET', '/api/buildings?limit=500')).body.total as number;

beforeAll(async () => {
  h = await openConsoleHarness();
  expect((await h.api('admin', 'POST', '/api/buildings', { id: 'B-OLD', houseId: 'H-OLD', address: 'Số 9', lat: 21.02, lon: 105.84 })).status).toBe(201);
});
afterAll(async () => h?.close());

describe('building registry import', () => {
  it('imports a CSV file with Vietnamese text, then replaces rows by id on a second import', async () => {
    const csv = `\uFEFF${HEADER}\r\nB-1,H-1,Chung cư Hoàng Anh,"Số 5, phố Huế",P01,21.0285,105.8542,12,apartment,0900 000 123\r\nB-2,,,Ngõ 3 Hàng Bạc,,21.03,105.85,,,\r\n`;
    const first = await h.api('admin', 'POST', '/api/buildings/import', { format: 'csv', content: csv });
    expect(first.body).toEqual({ created: 2, updated: 0, total: 2 });
    const again = await h.api('admin', 'POST', '/api/buildings/import', { format: 'csv', content: csv.replace('12,apartment', '14,apartment') });
    expect(again.body).toEqual({ created: 0, updated: 2, total: 2 });
    expect((await h.api('admin', 'GET', '/api/buildings/B-1')).body).toMatchObject({ name: 'Chung cư Hoàng Anh', address: 'Số 5, phố Huế', floors: 14 });
    expect(await total()).toBe(3);
  });

  it('refuses a file with one bad row whole, naming each problem by its line and field', async () => {
    const before = await total();
    const csv = `${HEADER}\nB-10,,,Số 10,,21.03,105.85,,,\nB-11,,,Số 11,,95,105.85,,,\nB-12,,,,,21.03,105.85,,,`;
    const refused = await h.api('admin', 'POST', '/api/buildings/import', { format: 'csv', content: csv });
    expect(refused.body).toMatchObject({ status: 400, code: 'CITYOPS_IMPORT_INVALID' });
    expect(refused.body.problems).toEqual([
      { row: 3, field: 'lat', message: expect.any(String) },
      { row: 4, field: 'address', message: expect.any(String) },
    ]);
    expect(await total()).toBe(before);
  });

  it('refuses the whole file when a house identifier belongs to a building already registered', async () => {
    const before = await total();
    const csv = `${HEADER}\nB-20,,,Số 20,,21.03,105.85,,,\nB-21,H-OLD,,Số 21,,21.03,105.85,,,`;
    const refused = await h.api('admin', 'POST', '/api/buildings/import', { format: 'csv', content: csv });
    expect(refused.body.problems).toEqual([{ row: 3, field: 'houseId', message: expect.stringContaining('H-OLD') }]);
    expect(await total()).toBe(before);
  });

  it('imports GeoJSON; admins only; the import is on the audit log', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [105.85, 21.03] }, properties: { id: 'B-G1', address: 'Số 1 Tràng Tiền' } }],
    };
    expect((await h.api('supervisor', 'POST', '/api/buildings/import', { format: 'geojson', content: JSON.stringify(fc) })).status).toBe(403);
    expect((await h.api('admin', 'POST', '/api/buildings/import', { format: 'geojson', content: JSON.stringify(fc) })).body).toEqual({
      created: 1,
      updated: 0,
      total: 1,
    });
    expect((await h.api('admin', 'POST', '/api/buildings/import', { format: 'geojson', content: '{"type":' })).body.problems).toEqual([
      { row: 0, field: null, message: expect.stringMatching(/^not JSON/) },
    ]);
    const [entry] = (await h.api('admin', 'GET', '/api/audit?action=building.import&outcome=succeeded')).body.items;
    expect(entry).toMatchObject({ actor: 'admin', after: { created: 1, total: 1 } });
  });
});

describe('fire stations import', () => {
  it('replaces the stations from a GeoJSON file, and refuses a bad one whole with feature numbers', async () => {
    const station = (name: string | undefined, coordinates: unknown) => ({ type: 'Feature', geometry: { type: 'Point', coordinates }, properties: { name } });
    const good = {
      type: 'FeatureCollection',
      source: 'PC07 Hà Nội',
      features: [station('Đội PCCC Hoàn Kiếm', [105.85, 21.03]), station('Đội PCCC Ba Đình', [105.82, 21.04])],
    };
    expect((await h.api('admin', 'POST', '/api/fire-stations/import', { content: JSON.stringify(good) })).body).toEqual({
      source: 'PC07 Hà Nội',
      sample: false,
      count: 2,
    });
    const bad = { ...good, features: [station('Đội A', [105.85, 21.03]), station(undefined, [105.85, 21.03]), station('Đội C', ['x', 1])] };
    const refused = await h.api('admin', 'POST', '/api/fire-stations/import', { content: JSON.stringify(bad) });
    expect(refused.body.problems).toEqual([
      { row: 2, field: null, message: 'features[1] has no properties.name' },
      { row: 3, field: null, message: 'features[2] has no valid [lon, lat]' },
    ]);
    expect((await h.api('viewer', 'GET', '/api/fire-stations')).body.items).toHaveLength(2);
  });

  it('takes a CSV file too, naming a bad row by its line', async () => {
    const csv = 'name;lat;lon;phone\nĐội PCCC Cầu Giấy;21,0362;105,7906;069 2345 678\nĐội PCCC Đống Đa;21,0181;105,8290;';
    const loaded = await h.api('admin', 'POST', '/api/fire-stations/import', { format: 'csv', source: 'PC07 Hà Nội (CSV)', content: csv });
    expect(loaded.body).toEqual({ source: 'PC07 Hà Nội (CSV)', sample: false, count: 2 });
    const names = (await h.api('viewer', 'GET', '/api/fire-stations')).body.items.map((s: { name: string }) => s.name);
    expect(names).toEqual(expect.arrayContaining(['Đội PCCC Cầu Giấy', 'Đội PCCC Đống Đa']));
    const bad = await h.api('admin', 'POST', '/api/fire-stations/import', { format: 'csv', content: 'name,lat,lon\nĐội A,21.03,105.85\n\nĐội B,abc,105.85' });
    expect(bad.body.problems).toEqual([{ row: 4, field: null, message: 'features[1] has no valid [lon, lat]' }]);
    expect((await h.api('admin', 'POST', '/api/fire-stations/import', { format: 'csv', content: 'ten,lat\nA,1' })).body.problems).toEqual([
      { row: 1, field: null, message: 'the header lacks name, lon' },
    ]);
  });
});
