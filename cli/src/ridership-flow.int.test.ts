import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { telemetryTopic, type QueueLoadEvent, type QueueRankingResponse, type TransitRidershipEvent } from '@cityops/contracts';
import { provisionDevice } from '@cityops/db';
import { readStackConfig } from './stack-config.ts';
import { startStack, type Stack } from './stack.ts';

// Ridership and office queues end to end: QR readers and a one-stop-shop kiosk publish over MQTT into the
// whole stack (embedded database and broker); the gateway stores them, the rollups aggregate them, the
// console streams `transit:ridership` and `queue:load` to a signed-in Socket.IO client, and the
// ridership and ranking APIs answer the same.
const dataDir = mkdtempSync(join(tmpdir(), 'cityops-ridership-flow-'));
const env = {
  CITYOPS_DATA_DIR: dataDir,
  PORT: '0',
  CITYOPS_MQTT_PORT: '0',
  CITYOPS_SIMULATE: '0',
  CITYOPS_DEMO_PASSWORD: 'ridership-test-pw',
  LOG_LEVEL: 'silent',
};
let stack: Stack;
let cookie: string;
let socket: Socket;
let reader: MqttClient;
const streamed: TransitRidershipEvent[] = [];
const loads: QueueLoadEvent[] = [];

beforeAll(async () => {
  stack = await startStack(readStackConfig(env), pino({ level: 'silent' }));
  const res = await fetch(`${stack.consoleUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'operator', password: 'ridership-test-pw' }),
  });
  cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
  socket = connectSocket(`${stack.consoleUrl}/ops`, { transports: ['websocket'], extraHeaders: { cookie, origin: stack.consoleUrl }, reconnection: false });
  socket.on('transit:ridership', (e) => streamed.push(e));
  socket.on('queue:load', (e) => loads.push(e));
  await new Promise((r) => socket.once('replay:done', r));
  const { password } = await provisionDevice(stack.db.pool, { id: 'QR-M3-FLOW', kind: 'transit', lat: 21.03, lon: 105.8, area: 'A050' });
  reader = await mqtt.connectAsync(stack.mqttUrl, { username: 'QR-M3-FLOW', clientId: 'QR-M3-FLOW', password, reconnectPeriod: 0 });
}, 120_000);

afterAll(async () => {
  socket?.disconnect();
  await reader?.endAsync();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('MQTT taps → rollups → transit:ridership', () => {
  it('streams the taps of the current 5-minute bucket to the console, and the ridership API agrees', async () => {
    const now = Date.now();
    for (let seq = 1; seq <= 3; seq++) {
      const tap = { ts: now, seq, token: `hnqr1.flow${seq}`, result: 'accepted', routeId: 'M3', stopId: 'M3-S01', fareVnd: 9000, lat: 21.036, lon: 105.805 };
      await reader.publishAsync(telemetryTopic('transit', 'QR-M3-FLOW'), JSON.stringify(tap), { qos: 1 });
    }
    // The broker acknowledges on receipt; the gateway commits a moment later: wait for the ridership API.
    const ridership = async () => (await (await fetch(`${stack.consoleUrl}/api/transit/ridership?route=M3`, { headers: { cookie } })).json()).items;
    await expect.poll(async () => (await ridership())[0]?.taps, { timeout: 10_000, interval: 50 }).toBe(3);
    const items = await ridership();
    expect(items).toEqual([
      {
        bucket: new Date(Math.floor(now / 300_000) * 300_000).toISOString(),
        routeId: 'M3',
        stopId: 'M3-S01',
        area: 'A050',
        taps: 3,
        accepted: 3,
        rejected: 0,
        fareVnd: 27000,
        lat: 21.036,
        lon: 105.805,
      },
    ]);
    // The stack's emitter runs every 30 s; run it now.
    await stack.ridership.runNow();
    await expect.poll(() => streamed.some((e) => e.stops.some((s) => s.stopId === 'M3-S01')), { timeout: 10_000, interval: 50 }).toBe(true);
    const event = streamed.find((e) => e.stops.some((s) => s.stopId === 'M3-S01'))!;
    expect(event).toMatchObject({ bucket: new Date(Math.floor(now / 300_000) * 300_000).toISOString(), bucketSeconds: 300 });
    expect(event.sseq).toBeGreaterThan(0);
    expect(event.stops).toEqual([{ routeId: 'M3', stopId: 'M3-S01', lat: 21.036, lon: 105.805, taps: 3 }]);
  });
});

describe('MQTT queue loads → queue:load and the office ranking', () => {
  it('streams each kiosk report live, satisfaction included, and ranks the office from the rollups', async () => {
    const { password } = await provisionDevice(stack.db.pool, {
      id: 'MC-FLOW',
      kind: 'queue',
      lat: 21.02,
      lon: 105.84,
      area: 'A051',
      name: 'Bộ phận một cửa (flow)',
    });
    const kiosk = await mqtt.connectAsync(stack.mqttUrl, { username: 'MC-FLOW', clientId: 'MC-FLOW', password, reconnectPeriod: 0 });
    try {
      const load = {
        ts: Date.now(),
        seq: 1,
        waiting: 23,
        serving: 4,
        countersOpen: 5,
        avgWaitSec: 840,
        issuedToday: 120,
        servedToday: 97,
        satisfactionPct: 87,
      };
      await kiosk.publishAsync(telemetryTopic('queue', 'MC-FLOW'), JSON.stringify(load), { qos: 1 });
      await expect.poll(() => loads.some((e) => e.id === 'MC-FLOW'), { timeout: 10_000, interval: 50 }).toBe(true);
      expect(loads.find((e) => e.id === 'MC-FLOW')).toMatchObject({
        waiting: 23,
        serving: 4,
        countersOpen: 5,
        avgWaitSec: 840,
        satisfactionPct: 87,
        sseq: expect.any(Number),
      });

      const res = await fetch(`${stack.consoleUrl}/api/queues/ranking?level=office&by=waiting&area=A051`, { headers: { cookie } });
      const ranking = (await res.json()) as QueueRankingResponse;
      expect(ranking.items).toEqual([expect.objectContaining({ rank: 1, id: 'MC-FLOW', area: 'A051', waiting: 23, satisfactionPct: 87 })]);
    } finally {
      await kiosk.endAsync();
    }
  });
});
