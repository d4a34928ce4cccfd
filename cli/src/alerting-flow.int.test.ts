import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { telemetryTopic, type DeviceKind, type Incident } from '@cityops/contracts';
import { provisionDevice } from '@cityops/db';
import { readStackConfig } from './stack-config.ts';
import { startStack, type Stack } from './stack.ts';

// Alerting end to end: devices publish over MQTT into the whole stack (embedded database and broker),
// and the incidents are observed where people see them: the REST API and the Socket.IO stream.
const dataDir = mkdtempSync(join(tmpdir(), 'cityops-alerting-flow-'));
const env = { CITYOPS_DATA_DIR: dataDir, PORT: '0', CITYOPS_MQTT_PORT: '0', CITYOPS_SIMULATE: '0', CITYOPS_DEMO_PASSWORD: 'flow-test-pw', LOG_LEVEL: 'silent' };
let stack: Stack;
let cookie: string;
let supervisor: string;
let socket: Socket;
const streamed: { name: string; sseq: number; incident: Incident }[] = [];
const clients = new Map<string, MqttClient>();
const seqs = new Map<string, number>();

async function signIn(username: string): Promise<string> {
  const res = await fetch(`${stack.consoleUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'flow-test-pw' }),
  });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

async function device(kind: DeviceKind, id: string, area: string): Promise<void> {
  const { password } = await provisionDevice(stack.db.pool, { id, kind, lat: 21.02, lon: 105.84, area, address: `Địa chỉ mẫu ${id}` });
  clients.set(id, await mqtt.connectAsync(stack.mqttUrl, { username: id, clientId: id, password, reconnectPeriod: 0 }));
}

async function publish(kind: DeviceKind, id: string, body: object): Promise<void> {
  const seq = (seqs.get(id) ?? 0) + 1;
  seqs.set(id, seq);
  await clients.get(id)!.publishAsync(telemetryTopic(kind, id), JSON.stringify({ ts: Date.now(), seq, ...body }), { qos: 1 });
}

/** Polls the REST API until an incident of `kind` for the device shows (up to 10 s). */
const incidentFor = (kind: string, match: (i: Incident) => boolean): Promise<Incident> =>
  vi.waitFor(
    async () => {
      const items: Incident[] = (await (await fetch(`${stack.consoleUrl}/api/incidents?kind=${kind}`, { headers: { cookie } })).json()).items;
      const found = items.find(match);
      if (!found) throw new Error(`no ${kind} incident yet`);
      return found;
    },
    { timeout: 10_000, interval: 50 },
  );

beforeAll(async () => {
  stack = await startStack(readStackConfig(env), pino({ level: 'silent' }));
  cookie = await signIn('operator');
  supervisor = await signIn('supervisor');
  socket = connectSocket(`${stack.consoleUrl}/ops`, { transports: ['websocket'], extraHeaders: { cookie, origin: stack.consoleUrl }, reconnection: false });
  socket.on('incident:opened', (e) => streamed.push({ name: 'incident:opened', ...e }));
  socket.on('incident:updated', (e) => streamed.push({ name: 'incident:updated', ...e }));
  await new Promise((r) => socket.once('replay:done', r));
  await device('transit', 'TR-FLOW-1', 'A040');
  await device('transit', 'TR-FLOW-2', 'A040');
  await device('camera', 'CAM-FLOW-1', 'A041');
  await device('fire', 'FA-FLOW-1', 'A042');
  await device('queue', 'Q-FLOW-1', 'A043');
}, 120_000);

afterAll(async () => {
  socket?.disconnect();
  for (const c of clients.values()) await c.endAsync();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('MQTT → alerting → API and Socket.IO', () => {
  it('a QR token accepted by two readers within its validity opens a fraud incident', async () => {
    await publish('transit', 'TR-FLOW-1', { token: 'QR-7f3a-flow', result: 'accepted', routeId: 'BRT01' });
    await publish('transit', 'TR-FLOW-2', { token: 'QR-7f3a-flow', result: 'accepted', routeId: 'BRT01' });
    const fraud = await incidentFor('qr_fraud', () => true);
    expect(fraud).toMatchObject({ severity: 'warning', state: 'open', deviceId: 'TR-FLOW-2', ruleId: 'transit-replay' });
    expect(fraud!.title).toContain('TR-FLOW-1');
  });

  it('a tampered camera and a faulty fire panel open their incidents, each streamed once with an sseq', async () => {
    await publish('camera', 'CAM-FLOW-1', { status: 'tampered' });
    await publish('fire', 'FA-FLOW-1', { event: 'fault', zone: 'Tầng hầm' });
    expect(await incidentFor('camera_tampered', (i) => i.deviceId === 'CAM-FLOW-1')).toMatchObject({ severity: 'major', address: 'Địa chỉ mẫu CAM-FLOW-1' });
    expect(await incidentFor('fire_fault', (i) => i.deviceId === 'FA-FLOW-1')).toMatchObject({
      severity: 'warning',
      escalationLevel: 0,
      nextEscalationAt: null,
    });
    // Any duplicate incident:opened would arrive within this; the counts below must not grow.
    await new Promise((r) => setTimeout(r, 300));
    const opened = streamed.filter((e) => e.name === 'incident:opened');
    expect(opened.map((e) => e.incident.kind).sort()).toEqual(['camera_tampered', 'fire_fault', 'qr_fraud']);
    expect(opened.every((e) => Number.isInteger(e.sseq) && e.sseq > 0)).toBe(true);
    expect(new Set(opened.map((e) => e.sseq)).size).toBe(3);
  });

  it('a supervisor tightens the queue rule for one area over the API and the next queue load over MQTT trips it', async () => {
    const view = await (await fetch(`${stack.consoleUrl}/api/rules/queue-overload`, { headers: { cookie } })).json();
    const res = await fetch(`${stack.consoleUrl}/api/rules/queue-overload`, {
      method: 'PUT',
      headers: { cookie: supervisor, origin: stack.consoleUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ ...view.rule, overrides: { byArea: { A043: { maxWaiting: 5, forDurationMs: 0 } } } }),
    });
    expect(res.status).toBe(200);
    await publish('queue', 'Q-FLOW-1', { waiting: 8, serving: 1, countersOpen: 1, avgWaitSec: 300 });
    expect(await incidentFor('queue_overload', (i) => i.deviceId === 'Q-FLOW-1')).toMatchObject({ state: 'open', ruleId: 'queue-overload' });
    const alerts = (await (await fetch(`${stack.consoleUrl}/api/alerts`, { headers: { cookie } })).json()).items;
    expect(alerts).toContainEqual(expect.objectContaining({ ruleId: 'queue-overload', subject: 'Q-FLOW-1', state: 'firing', incident: 'open' }));
  });
});
