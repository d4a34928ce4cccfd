import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateDeviceRequest } from '@cityops/contracts';
import { openTestDatabase, type TestDatabase } from './testing/test-database.ts';
import { authenticateDevice, provisionDevice, provisionDevices, revokeDevice } from './provisioning.ts';
import { findDevice } from './repositories/devices-repository.ts';
import { ensureBuildings } from './repositories/buildings-repository.ts';
import { latestEventId, readEventsAfter } from './repositories/event-log-repository.ts';

// The fleet's bulk provisioning: one transaction for all, the same registry as one by one.
let db: TestDatabase;
const device = (id: string, over: Partial<CreateDeviceRequest> = {}): CreateDeviceRequest => ({
  id,
  kind: 'camera',
  lat: 21.03,
  lon: 105.85,
  area: 'A001',
  name: `Cam ${id}`,
  ...over,
});

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());

describe('provisionDevices', () => {
  it('adds new devices, gives existing ones a new secret, lifts a revocation, and logs only what the registry shows', async () => {
    await provisionDevice(db.pool, device('CAM-B1'));
    await provisionDevice(db.pool, device('CAM-B2'));
    await revokeDevice(db.pool, 'CAM-B2');
    await ensureBuildings(
      db.pool,
      [{ id: 'BLD-B1', houseId: 'HN-B1', name: 'Nhà mẫu', address: 'Số 1 Phố mẫu', area: 'A001', lat: 21.03, lon: 105.85 }],
      'sample',
    );
    const after = await latestEventId(db.pool);

    const creds = await provisionDevices(db.pool, [device('CAM-B1'), device('CAM-B2'), device('FA-B3', { kind: 'fire', buildingId: 'BLD-B1' })]);
    expect(creds.map((c) => [c.id, c.kind, c.username])).toEqual([
      ['CAM-B1', 'camera', 'CAM-B1'],
      ['CAM-B2', 'camera', 'CAM-B2'],
      ['FA-B3', 'fire', 'FA-B3'],
    ]);
    for (const c of creds) expect(await authenticateDevice(db.pool, c.id, c.password), c.id).toEqual({ kind: c.kind });
    expect(await findDevice(db.pool, 'CAM-B2')).toMatchObject({ revoked: false });
    expect(await findDevice(db.pool, 'FA-B3')).toMatchObject({ buildingId: 'BLD-B1', name: 'Cam FA-B3' });

    const logged = (await readEventsAfter(db.pool, after, 100, ['device.registry'])).map((e) => {
      const p = e.payload as { change: string; device: { id: string } };
      return [p.change, p.device.id];
    });
    expect(logged).toEqual([
      ['restored', 'CAM-B2'],
      ['added', 'FA-B3'],
    ]);
  });

  it('refuses a building for anything but a fire panel, and changes nothing', async () => {
    await expect(provisionDevices(db.pool, [device('CAM-B9'), device('CAM-B10', { buildingId: 'BLD-B1' })])).rejects.toMatchObject({
      code: 'CITYOPS_DEVICE_NOT_FIRE_PANEL',
    });
    expect(await findDevice(db.pool, 'CAM-B9')).toBeNull();
  });
});
