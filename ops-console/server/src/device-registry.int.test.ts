import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { DeviceRegistryEvent, ReplayEventsPage } from '@cityops/contracts';
import { rotateDeviceSecret } from '@cityops/db';
import { openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

// The registry follows live maps and replay: provisioning, revoking and restoring a device are
// logged (device.registry) with the change, and stream as `device:registry`.
let h: ConsoleHarness;
let socket: Socket | undefined;

beforeAll(async () => {
  h = await openConsoleHarness({ realClock: true, realtime: { pollMs: 50 } });
});
afterAll(async () => {
  socket?.disconnect();
  await h?.close();
});

const until = (ok: () => boolean): Promise<void> => vi.waitFor(() => expect(ok()).toBe(true), { timeout: 5000, interval: 25 });

describe('device:registry', () => {
  it('streams provisioning, revocation and restoration once each, with the record and no secret; replay carries them', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    socket = connectSocket(`${h.baseUrl}/ops`, { transports: ['websocket'], extraHeaders: await h.socketHeaders('viewer'), reconnection: false });
    const got: DeviceRegistryEvent[] = [];
    socket.on('device:registry', (e) => got.push(e));
    await new Promise((resolve) => socket!.once('replay:done', resolve));

    const created = await h.api('admin', 'POST', '/api/devices', {
      id: 'CAM-REG-1',
      kind: 'camera',
      lat: 21.04,
      lon: 105.86,
      area: 'A051',
      name: 'Camera cổng chợ',
      address: 'Chợ Đồng Xuân',
    });
    expect(created.status).toBe(201);
    expect((await h.api('admin', 'DELETE', '/api/devices/CAM-REG-1')).status).toBe(200);
    expect((await h.api('admin', 'DELETE', '/api/devices/CAM-REG-1')).status).toBe(200); // already revoked: no second event
    await rotateDeviceSecret(h.db.pool, 'CAM-REG-1'); // a new secret lifts the revocation
    await rotateDeviceSecret(h.db.pool, 'CAM-REG-1'); // and another changes nothing the map shows
    h.realtime!.wake();

    await until(() => got.length >= 3);
    // Nothing more may arrive: each change is streamed once.
    await new Promise((r) => setTimeout(r, 200));
    expect(got.map((e) => [e.change, e.device.id, e.device.revoked])).toEqual([
      ['added', 'CAM-REG-1', false],
      ['revoked', 'CAM-REG-1', true],
      ['restored', 'CAM-REG-1', false],
    ]);
    expect(got[0]!.device).toMatchObject({ name: 'Camera cổng chợ', address: 'Chợ Đồng Xuân', status: 'unknown', lat: 21.04, lon: 105.86 });
    expect(JSON.stringify(got)).not.toMatch(/secret|password|hash/i);

    const to = new Date().toISOString();
    const page = await h.api<ReplayEventsPage>('viewer', 'GET', `/api/replay/events?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(page.status).toBe(200);
    const registry = page.body.items.filter((e) => e.type === 'registry');
    expect(registry.map((e) => (e.type === 'registry' ? [e.sseq, e.change, e.device.name] : null))).toEqual(
      got.map((e) => [e.sseq, e.change, 'Camera cổng chợ']),
    );
  });
});
