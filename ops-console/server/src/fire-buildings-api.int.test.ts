import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents, provisionDevice, replaceFireStations } from '@cityops/db';
import { openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

// Fire-alarm buildings: a fire incident shows its building and the nearest stations, and is handed to 114.
let h: ConsoleHarness;

const BUILDING = {
  id: 'B-HK-0042',
  houseId: '0101-2345-6789',
  name: 'Chung cư mẫu 42',
  address: 'Số 42 Phố Mẫu, Hoàn Kiếm',
  area: 'A001',
  lat: 21.029,
  lon: 105.853,
  floors: 12,
  basementFloors: 2,
  occupants: 340,
  usage: 'apartment',
  contactName: 'Nguyễn Văn Quản Lý',
  contactPhone: '0912 345 678',
} as const;

const station = (id: string, name: string, lat: number, lon: number) => ({ id, name, address: `${name}, địa chỉ`, phone: '114', lat, lon, sample: false });

beforeAll(async () => {
  h = await openConsoleHarness();
  // ~0.6 km, ~2.2 km and ~11 km from the building.
  await replaceFireStations(h.db.pool, 'test stations', [
    station('ST-FAR', 'Đội xa', 21.1, 105.8),
    station('ST-NEAR', 'Đội gần', 21.0345, 105.853),
    station('ST-MID', 'Đội giữa', 21.049, 105.853),
    station('ST-4TH', 'Đội thứ tư', 21.2, 105.9),
  ]);
  await provisionDevice(h.db.pool, { id: 'FA-LONE', kind: 'fire', lat: 21.0, lon: 105.8 });
});
afterAll(async () => h?.close());

describe('building registry', () => {
  it('is managed by admins; fire panels are tied to buildings; bad input is a problem with a code', async () => {
    expect((await h.api('dispatcher', 'POST', '/api/buildings', BUILDING)).status).toBe(403);
    const created = await h.api('admin', 'POST', '/api/buildings', BUILDING);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...BUILDING, source: 'registry', panelIds: [] });
    expect((await h.api('admin', 'POST', '/api/buildings', { ...BUILDING, id: 'B-OTHER' })).body).toMatchObject({
      status: 409,
      code: 'CITYOPS_BUILDING_EXISTS',
    });
    expect((await h.api('admin', 'POST', '/api/buildings', { ...BUILDING, id: 'B-2', floors: -1 })).body).toMatchObject({ status: 400 });

    const panel = await h.api('admin', 'POST', '/api/devices', { id: 'FA-HK-0042', kind: 'fire', lat: 21.0291, lon: 105.8531, buildingId: BUILDING.id });
    expect(panel.status).toBe(201);
    expect((await h.api('admin', 'POST', '/api/devices', { id: 'FA-X', kind: 'fire', lat: 21, lon: 105, buildingId: 'B-NONE' })).body).toMatchObject({
      status: 404,
      code: 'CITYOPS_BUILDING_NOT_FOUND',
    });
    expect((await h.api('admin', 'POST', '/api/devices', { id: 'CAM-X', kind: 'camera', lat: 21, lon: 105, buildingId: BUILDING.id })).body).toMatchObject({
      status: 400,
      code: 'CITYOPS_DEVICE_NOT_FIRE_PANEL',
    });
    expect((await h.api('viewer', 'GET', '/api/devices/FA-HK-0042')).body).toMatchObject({ buildingId: BUILDING.id });

    const listed = await h.api('viewer', 'GET', '/api/buildings?q=mẫu 42');
    expect(listed.body.total).toBe(1);
    // The wall sees the building but not the people to call.
    expect(listed.body.items[0]).toMatchObject({ id: BUILDING.id, panelIds: ['FA-HK-0042'], floors: 12, contactName: null, contactPhone: null });
    expect((await h.api('dispatcher', 'GET', `/api/buildings/${BUILDING.id}`)).body).toMatchObject({ contactPhone: '0912 345 678' });
    expect((await h.api('admin', 'DELETE', `/api/buildings/${BUILDING.id}`)).body).toMatchObject({ status: 409, code: 'CITYOPS_BUILDING_IN_USE' });
  });

  it('updates a building and ties or unties a panel', async () => {
    const updated = await h.api('admin', 'PUT', `/api/buildings/${BUILDING.id}`, { ...BUILDING, id: undefined, occupants: 360 });
    expect(updated.body).toMatchObject({ occupants: 360, floors: 12 });
    expect((await h.api('admin', 'PUT', '/api/devices/FA-LONE/building', { buildingId: 'B-NONE' })).body).toMatchObject({ code: 'CITYOPS_BUILDING_NOT_FOUND' });
    expect((await h.api('admin', 'PUT', '/api/devices/FA-LONE/building', { buildingId: BUILDING.id })).status).toBe(200);
    expect((await h.api('viewer', 'GET', `/api/buildings/${BUILDING.id}`)).body.panelIds).toEqual(['FA-HK-0042', 'FA-LONE']);
    expect((await h.api('admin', 'PUT', '/api/devices/FA-LONE/building', { buildingId: null })).status).toBe(200);
    expect((await h.api('viewer', 'GET', `/api/buildings/${BUILDING.id}`)).body.panelIds).toEqual(['FA-HK-0042']);
  });
});

describe('a fire incident in a registered building', () => {
  it('shows the building and the three nearest stations, and a hand-off to 114 keeps a snapshot', async () => {
    await appendEvents(h.db.pool, [
      { topic: 'fire.event', payload: { deviceId: 'FA-HK-0042', seq: 1, event: 'alarm', zone: 'Tầng 7', at: new Date(h.clock.now).toISOString() } },
    ]);
    await h.settle();
    const [incident] = (await h.api('viewer', 'GET', '/api/incidents?kind=fire_alarm')).body.items;
    expect(incident).toMatchObject({ deviceId: 'FA-HK-0042', state: 'open' });

    const seen = await h.api('viewer', 'GET', `/api/incidents/${incident.id}/context`);
    expect(seen.body.building).toMatchObject({ id: BUILDING.id, address: BUILDING.address, floors: 12, occupants: 360, contactPhone: null });
    expect(seen.body.nearestStations.map((s: { id: string }) => s.id)).toEqual(['ST-NEAR', 'ST-MID', 'ST-FAR']);
    const [near, mid] = seen.body.nearestStations;
    expect(near.distanceM).toBeGreaterThan(550);
    expect(near.distanceM).toBeLessThan(650);
    expect(mid.distanceM).toBeGreaterThan(2100);
    expect(mid.distanceM).toBeLessThan(2300);
    expect(seen.body.handoffs).toEqual([]);

    expect((await h.api('viewer', 'POST', `/api/incidents/${incident.id}/handoff`, {})).status).toBe(403);
    expect((await h.api('dispatcher', 'POST', `/api/incidents/${incident.id}/handoff`, { stationId: 'ST-NONE' })).body).toMatchObject({
      status: 404,
      code: 'CITYOPS_STATION_NOT_FOUND',
    });
    const handoff = await h.api('dispatcher', 'POST', `/api/incidents/${incident.id}/handoff`, { note: 'Khói ở tầng 7, 2 người mắc kẹt' });
    expect(handoff.status).toBe(201);
    expect(handoff.body).toMatchObject({
      unit: '114',
      by: 'dispatcher',
      stationId: 'ST-NEAR',
      note: 'Khói ở tầng 7, 2 người mắc kẹt',
      building: { id: BUILDING.id, contactPhone: '0912 345 678' },
    });

    const after = (await h.api('viewer', 'GET', `/api/incidents/${incident.id}`)).body;
    expect(after).toMatchObject({ state: 'dispatched', assignee: '114', acknowledgedBy: 'dispatcher' });
    expect(after.timeline.map((e: { type: string }) => e.type)).toEqual(['opened', 'acknowledged', 'dispatched', 'handoff']);
    expect(after.timeline[3]).toMatchObject({
      actor: 'dispatcher',
      data: { unit: '114', stationId: 'ST-NEAR', stationName: 'Đội gần', buildingId: BUILDING.id },
    });

    // The record is a snapshot: editing the registry later does not rewrite what 114 was told.
    await h.api('admin', 'PUT', `/api/buildings/${BUILDING.id}`, { ...BUILDING, id: undefined, occupants: 10 });
    const ctx = (await h.api('dispatcher', 'GET', `/api/incidents/${incident.id}/context`)).body;
    expect(ctx.building.occupants).toBe(10);
    expect(ctx.handoffs).toHaveLength(1);
    expect(ctx.handoffs[0].building).toMatchObject({ occupants: 360, contactPhone: '0912 345 678' });
    expect((await h.api('viewer', 'GET', `/api/incidents/${incident.id}/context`)).body.handoffs[0].building.contactPhone).toBeNull();

    expect((await h.api('supervisor', 'POST', `/api/incidents/${incident.id}/resolve`, { note: 'Đã dập', overrideChecklist: true })).status).toBe(200);
    expect((await h.api('dispatcher', 'POST', `/api/incidents/${incident.id}/handoff`, {})).body).toMatchObject({
      status: 409,
      code: 'CITYOPS_INCIDENT_ALREADY_RESOLVED',
    });
  });

  it('a panel without a building still gets stations near the panel', async () => {
    await appendEvents(h.db.pool, [{ topic: 'fire.event', payload: { deviceId: 'FA-LONE', seq: 1, event: 'alarm', at: new Date(h.clock.now).toISOString() } }]);
    await h.settle();
    const incident = (await h.api('viewer', 'GET', '/api/incidents?kind=fire_alarm&state=open')).body.items.find(
      (i: { deviceId: string }) => i.deviceId === 'FA-LONE',
    );
    const ctx = (await h.api('viewer', 'GET', `/api/incidents/${incident.id}/context`)).body;
    expect(ctx.building).toBeNull();
    expect(ctx.nearestStations).toHaveLength(3);
    expect(ctx.nearestStations[0].distanceM).toBeLessThanOrEqual(ctx.nearestStations[1].distanceM);
  });

  it('lists the loaded stations to anyone signed in, and nothing without a session', async () => {
    expect((await h.api('viewer', 'GET', '/api/fire-stations')).body.items).toHaveLength(4);
    expect((await h.app.inject({ method: 'GET', url: '/api/fire-stations' })).statusCode).toBe(401);
  });
});
