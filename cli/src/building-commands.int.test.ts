import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuildings, findBuilding, findDevice, listFireStations, nearestFireStations } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { DEFAULT_FIRE_STATIONS_PATH } from '@cityops/simulators';
import { describeCommandError, runRegistryCommand, validateRegistryCommand, type RegistryCommand } from './commands/registry-commands.ts';

// The building registry and fire stations from the CLI (`cityops building …`, `cityops stations load`).
let db: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'cityops-stations-'));
const run = (cmd: RegistryCommand) => runRegistryCommand(db.pool, cmd);
const failure = async (cmd: RegistryCommand) =>
  describeCommandError(
    await run(cmd).then(
      () => undefined,
      (err: unknown) => err,
    ),
  );

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('cityops building', () => {
  it('adds a building, ties a new panel to it, lists it, and names bad input in one line', async () => {
    const b = await run({ op: 'building.add', building: { id: 'B-1', address: 'Số 1 Phố Mẫu', lat: 21.03, lon: 105.85, floors: 5, occupants: 40 } });
    expect(b).toMatchObject({ id: 'B-1', floors: 5, source: 'registry' });
    await run({ op: 'device.add', kind: 'fire', id: 'FA-1', lat: 21.03, lon: 105.85, buildingId: 'B-1' });
    expect(await findDevice(db.pool, 'FA-1')).toMatchObject({ buildingId: 'B-1' });
    expect(await run({ op: 'building.list', q: 'phố mẫu' })).toMatchObject({ total: 1, items: [{ id: 'B-1', panelIds: ['FA-1'] }] });
    await run({ op: 'building.link', deviceId: 'FA-1', buildingId: null });
    expect(await findDevice(db.pool, 'FA-1')).toMatchObject({ buildingId: null });

    expect(() => validateRegistryCommand({ op: 'building.add', building: { id: 'B-2', address: 'x', lat: 21, lon: 105, floors: 'many' } })).toThrow(
      /building: .*floors/,
    );
    expect(await failure({ op: 'building.add', building: { id: 'B-1', address: 'again', lat: 21, lon: 105 } })).toMatch(/^CITYOPS_BUILDING_EXISTS: /);
    expect(await failure({ op: 'building.link', deviceId: 'FA-1', buildingId: 'B-NONE' })).toMatch(/^CITYOPS_BUILDING_NOT_FOUND: /);
  });
});

describe('sample buildings of the simulated fleet', () => {
  it('registers many in one statement with every field, and leaves existing ones as they are', async () => {
    const sample = (id: string, occupants: number) => ({
      id,
      address: `Số ${id} (dữ liệu mẫu)`,
      area: 'A009',
      lat: 21.01,
      lon: 105.81,
      floors: 9,
      basementFloors: 1,
      occupants,
      usage: 'apartment' as const,
      contactName: 'Ban quản lý (dữ liệu mẫu)',
      contactPhone: '0900 000 001',
    });
    await ensureBuildings(db.pool, [sample('B-S1', 100), sample('B-S2', 200)], 'sample');
    await ensureBuildings(db.pool, [sample('B-S1', 999), sample('B-S3', 300)], 'sample');
    expect(await findBuilding(db.pool, 'B-S1')).toMatchObject({
      ...sample('B-S1', 100),
      houseId: null,
      name: null,
      notes: null,
      source: 'sample',
      panelIds: [],
    });
    expect((await findBuilding(db.pool, 'B-S3'))?.occupants).toBe(300);
  });
});

describe('cityops stations load', () => {
  it('loads the bundled sample set, every station marked as sample data', async () => {
    expect(await run({ op: 'stations.load', file: DEFAULT_FIRE_STATIONS_PATH })).toMatchObject({ sample: true, count: 14 });
    const stations = await listFireStations(db.pool);
    expect(stations).toHaveLength(14);
    expect(stations.every((s) => s.sample && s.source.startsWith('SAMPLE data'))).toBe(true);
  });

  it("replaces a source's stations as a whole and keeps other sources", async () => {
    const file = join(dir, 'hanoi.geojson');
    const station = (id: string, lat: number) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [105.85, lat] },
      properties: { id, name: `Đội ${id}` },
    });
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', source: 'Sở PCCC (test)', features: [station('R1', 21.0), station('R2', 21.1)] }));
    await run({ op: 'stations.load', file });
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', source: 'Sở PCCC (test)', features: [station('R3', 21.031)] }));
    expect(await run({ op: 'stations.load', file })).toEqual({ source: 'Sở PCCC (test)', sample: false, count: 1 });
    const real = (await listFireStations(db.pool)).filter((s) => !s.sample);
    expect(real.map((s) => s.id)).toEqual(['R3']);
    expect((await nearestFireStations(db.pool, 21.03, 105.85, 1))[0]).toMatchObject({ id: 'R3', sample: false });
    expect(await listFireStations(db.pool)).toHaveLength(15);
  });

  it('refuses a bad file in one line and keeps what was loaded', async () => {
    const file = join(dir, 'bad.geojson');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [105.8] }, properties: { name: 'x' } }],
      }),
    );
    expect(await failure({ op: 'stations.load', file })).toBe('bad.geojson: features[0] has no valid [lon, lat]');
    expect(await failure({ op: 'stations.load', file: join(dir, 'missing.geojson') })).toMatch(/fire stations file .*missing\.geojson: cannot read \(ENOENT\)/);
    expect(await listFireStations(db.pool)).toHaveLength(15);
  });
});
