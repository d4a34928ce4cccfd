import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { receiptTopic, telemetryTopic } from '@cityops/contracts';
import { authenticateDevice, provisionDevice, revokeDevice, watchDeviceRevocations } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.ts';

let db: TestDatabase;
let broker: EmbeddedBroker;
const creds: Record<string, string> = {};
const clients: MqttClient[] = [];
const SERVICE = { username: 'cityops-service', password: 'svc-secret' };

/** Devices under their own id; services under the services' prefix (the broker insists on both). */
function connect(
  username: string,
  password: string,
  clientId = username.startsWith('cityops-') ? `cityops-test-${Math.random().toString(36).slice(2, 8)}` : username,
): Promise<MqttClient> {
  // Services keep a session: only their acknowledgements release a device's PUBACK (ack-after-ingest.ts).
  const c = mqtt.connect(broker.url, { username, password, clientId, clean: !username.startsWith('cityops-'), reconnectPeriod: 0 });
  clients.push(c);
  return new Promise((resolve, reject) => {
    c.once('connect', () => resolve(c));
    c.once('error', reject);
  });
}

beforeAll(async () => {
  db = await openTestDatabase();
  for (const [id, kind] of [
    ['FA-0001', 'fire'],
    ['CAM-0001', 'camera'],
    ['CAM-0004', 'camera'],
  ] as const) {
    creds[id] = (await provisionDevice(db.pool, { id, kind, lat: 21, lon: 105.8 })).password;
  }
  broker = await startEmbeddedBroker({
    port: 0,
    log: pino({ level: 'silent' }),
    serviceAccounts: new Map([[SERVICE.username, SERVICE.password]]),
    authenticateDevice: (id, secret) => authenticateDevice(db.pool, id, secret),
    watchRevocations: (onRevoked) => watchDeviceRevocations(db.pool, pino({ level: 'silent' }), onRevoked),
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

  it("refuses a fire panel's publish on any channel but its event, and lets a camera's wrong channel through to be dead-lettered", async () => {
    const watcher = await connect(SERVICE.username, SERVICE.password);
    const seen: string[] = [];
    watcher.on('message', (t) => seen.push(t));
    await watcher.subscribeAsync('city/v1/#', { qos: 1 });
    for (const topic of ['city/v1/fire/FA-0001/status', 'city/v1/fire/FA-0001/', 'city/v1/fire/FA-0001/event/x']) {
      const panel = await connect('FA-0001', creds['FA-0001']!);
      const closed = new Promise<string>((resolve) => panel.once('close', () => resolve('closed')));
      panel.publish(topic, '{}', { qos: 1 });
      await expect(Promise.race([closed, new Promise((r) => setTimeout(() => r(`${topic} still open`), 2000))])).resolves.toBe('closed');
    }
    const cam = await connect('CAM-0004', creds['CAM-0004']!);
    await cam.publishAsync('city/v1/camera/CAM-0004/stat', '{}', { qos: 1 });
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual(['city/v1/camera/CAM-0004/stat']);
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

describe('embedded broker: identities', () => {
  beforeAll(async () => {
    for (const [id, kind] of [
      ['FA-0002', 'fire'],
      ['CAM-0002', 'camera'],
      ['CAM-0003', 'camera'],
    ] as const) {
      creds[id] = (await provisionDevice(db.pool, { id, kind, lat: 21, lon: 105.8 })).password;
    }
  });

  it("refuses a device that claims the gateway's client id, or any id but its own", async () => {
    await expect(connect('CAM-0002', creds['CAM-0002']!, 'cityops-ingest-1')).rejects.toThrow(/Identifier rejected/i);
    await expect(connect('CAM-0002', creds['CAM-0002']!, 'CAM-0003')).rejects.toThrow(/Identifier rejected/i);
  });

  it('keeps services to client ids of their own prefix', async () => {
    await expect(connect(SERVICE.username, SERVICE.password, 'CAM-0002')).rejects.toThrow(/Identifier rejected/i);
  });

  it('holds one session per device: a second connection replaces the first', async () => {
    const first = await connect('FA-0002', creds['FA-0002']!);
    const closed = new Promise<void>((resolve) => first.once('close', () => resolve()));
    await connect('FA-0002', creds['FA-0002']!);
    await closed;
  });

  it("closes a revoked device's connection within 1 s of the revocation", async () => {
    const cam = await connect('CAM-0003', creds['CAM-0003']!);
    const closed = new Promise<number>((resolve) => cam.once('close', () => resolve(Date.now())));
    const revokedAt = Date.now();
    await revokeDevice(db.pool, 'CAM-0003');
    expect((await closed) - revokedAt).toBeLessThan(1000);
  });
});

describe("embedded broker: a device's QoS 1 message is acknowledged only once the gateway acknowledged it", () => {
  it("holds the device's PUBACK while the subscribed service holds its own, and sends it after", async () => {
    // A broker of its own: no other service here acknowledges anything.
    const own = await startEmbeddedBroker({
      port: 0,
      log: pino({ level: 'silent' }),
      serviceAccounts: new Map([[SERVICE.username, SERVICE.password]]),
      authenticateDevice: (id, secret) => authenticateDevice(db.pool, id, secret),
    });
    try {
      await holdsPubackUntilAcknowledged(own.url);
    } finally {
      await own.close();
    }
  });

  async function holdsPubackUntilAcknowledged(url: string): Promise<void> {
    const gateway = await mqtt.connectAsync(url, {
      username: SERVICE.username,
      password: SERVICE.password,
      clientId: 'cityops-test-held',
      clean: false,
      reconnectPeriod: 0,
    });
    clients.push(gateway);
    // Like the gateway: the PUBACK goes out only when the message is committed (here: released by hand).
    const held: (() => void)[] = [];
    gateway.handleMessage = (_packet, done) => void held.push(() => done());
    await gateway.subscribeAsync('city/v1/camera/#', { qos: 1 });
    const cam = await mqtt.connectAsync(url, { username: 'CAM-0002', password: creds['CAM-0002']!, clientId: 'CAM-0002', reconnectPeriod: 0 });
    clients.push(cam);
    let acked = false;
    const publishing = cam.publishAsync(telemetryTopic('camera', 'CAM-0002'), '{"ts":1,"seq":1,"status":"online"}', { qos: 1 }).then(() => (acked = true));
    await expect.poll(() => held.length).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(acked).toBe(false);
    held[0]!();
    await publishing;
    expect(acked).toBe(true);
  }

  it('closes a device whose message no gateway acknowledges in time, so that it resends', async () => {
    const patient = await startEmbeddedBroker({
      port: 0,
      log: pino({ level: 'silent' }),
      serviceAccounts: new Map([[SERVICE.username, SERVICE.password]]),
      maxAckWaitMs: 300,
      authenticateDevice: (id, secret) => authenticateDevice(db.pool, id, secret),
    });
    try {
      const cam = await mqtt.connectAsync(patient.url, { username: 'CAM-0002', password: creds['CAM-0002']!, clientId: 'CAM-0002', reconnectPeriod: 0 });
      clients.push(cam);
      const closed = new Promise<void>((resolve) => cam.once('close', () => resolve()));
      cam.publish(telemetryTopic('camera', 'CAM-0002'), '{}', { qos: 1 });
      await closed;
    } finally {
      await patient.close();
    }
  });
});
