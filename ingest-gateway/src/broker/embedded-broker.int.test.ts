import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { receiptTopic, telemetryTopic } from '@cityops/contracts';
import { authenticateDevice, provisionDevice, revokeDevice } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.ts';

let db: TestDatabase;
let broker: EmbeddedBroker;
const creds: Record<string, string> = {};
const clients: MqttClient[] = [];
const SERVICE = { username: 'cityops-service', password: 'svc-secret' };

function connect(username: string, password: string): Promise<MqttClient> {
  const c = mqtt.connect(broker.url, { username, password, reconnectPeriod: 0 });
  clients.push(c);
  return new Promise((resolve, reject) => {
    c.once('connect', () => resolve(c));
    c.once('error', reject);
  });
}

beforeAll(async () => {
  db = await openTestDatabase();
  for (const [id, kind] of [['FA-0001', 'fire'], ['CAM-0001', 'camera']] as const) {
    creds[id] = (await provisionDevice(db.pool, { id, kind, lat: 21, lon: 105.8 })).password;
  }
  broker = await startEmbeddedBroker({
    port: 0, log: pino({ level: 'silent' }), serviceAccounts: new Map([[SERVICE.username, SERVICE.password]]),
    authenticateDevice: (id, secret) => authenticateDevice(db.pool, id, secret),
  });
});
afterAll(async () => {
  for (const c of clients) c.end(true);
  await broker?.close();
  await db?.close();
});

describe('embedded broker: device authentication and ACL', () => {
  it('refuses a wrong secret, an unknown device and a revoked one', async () => {
    await expect(connect('CAM-0001', 'nope')).rejects.toThrow(/Bad username or password/);
    await expect(connect('NOBODY', 'x')).rejects.toThrow(/Bad username or password/);
    await revokeDevice(db.pool, 'CAM-0001');
    await expect(connect('CAM-0001', creds['CAM-0001']!)).rejects.toThrow(/Bad username or password/);
  });

  it('delivers a device publish on its own topic and refuses one as another device', async () => {
    const watcher = await connect(SERVICE.username, SERVICE.password);
    const seen: string[] = [];
    watcher.on('message', (t) => seen.push(t));
    await watcher.subscribeAsync('city/v1/#', { qos: 1 });
    const panel = await connect('FA-0001', creds['FA-0001']!);
    await panel.publishAsync(telemetryTopic('fire', 'FA-0001'), '{}', { qos: 1 });
    const closed = new Promise<void>((resolve) => panel.once('close', () => resolve()));
    panel.publish(telemetryTopic('camera', 'CAM-0001'), '{}', { qos: 1 });
    await closed;
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([telemetryTopic('fire', 'FA-0001')]);
  });

  it('lets a panel read only its own receipts, and never write one', async () => {
    const panel = await connect('FA-0001', creds['FA-0001']!);
    const own = await panel.subscribeAsync(receiptTopic('FA-0001'), { qos: 1 });
    expect(own[0]?.qos).toBe(1);
    // SUBACK 0x80 for someone else's receipts; the connection stays up.
    await expect(panel.subscribeAsync(receiptTopic('FA-0002'), { qos: 1 })).rejects.toThrow(/Subscribe error/);
    expect(panel.connected).toBe(true);
    const closed = new Promise<void>((resolve) => panel.once('close', () => resolve()));
    panel.publish(receiptTopic('FA-0001'), JSON.stringify({ seq: 1, status: 'ack' }), { qos: 1 });
    await closed;
  });
});
