import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { KpiTickEvent } from '@cityops/contracts';
import { appendEvents, deviceStatusEvent, provisionDevice, readKpiFigures, updateDeviceStatuses, withTransaction } from '@cityops/db';
import { openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

// The KPI strip must not trail the incident list: a tick follows an incident's opening at once,
// although the steady pace here is an hour.
let h: ConsoleHarness;
let socket: Socket | undefined;

beforeAll(async () => {
  h = await openConsoleHarness({
    realClock: true,
    realtime: { pollMs: 50, kpiEveryMs: 3_600_000, kpi: async () => ({ ...(await readKpiFigures(h.db.pool, new Date())), messagesPerSecond: 0 }) },
  });
  await provisionDevice(h.db.pool, { id: 'FA-K1', kind: 'fire', lat: 21.02, lon: 105.84, area: 'A050', address: 'Số 2 Phố mẫu' });
});
afterAll(async () => {
  socket?.disconnect();
  await h?.close();
});

describe('kpi:tick', () => {
  it('follows a new incident at once instead of at the next period', async () => {
    socket = connectSocket(`${h.baseUrl}/ops`, { transports: ['websocket'], extraHeaders: await h.socketHeaders('viewer'), reconnection: false });
    const ticks: KpiTickEvent[] = [];
    socket.on('kpi:tick', (t) => ticks.push(t));
    await new Promise((resolve) => socket!.once('replay:done', resolve));

    // What the gateway commits for a fire alarm; alerting opens the incident from it.
    await withTransaction(h.db.pool, async (c) => {
      const changes = await updateDeviceStatuses(c, [{ id: 'FA-K1', status: 'alarm', seenAt: new Date(), seq: 1 }]);
      await appendEvents(c, [
        ...changes.map(deviceStatusEvent),
        { topic: 'fire.event', payload: { deviceId: 'FA-K1', seq: 1, event: 'alarm', at: new Date().toISOString(), area: 'A050' } },
      ]);
    });
    h.alerting.wake();
    await expect.poll(() => ticks.some((t) => t.openIncidents === 1), { timeout: 5000, interval: 25 }).toBe(true);
    expect(ticks.map((t) => t.openIncidents)).toContain(1);
    expect(ticks.find((t) => t.openIncidents === 1)!.incidentsBySeverity).toMatchObject({ critical: 1 });
  });
});
