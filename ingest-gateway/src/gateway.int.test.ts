import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { receiptTopic, telemetryTopic } from '@cityops/contracts';
import { listDeadLetters, listDevices, provisionDevice } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startGateway, type Gateway } from './gateway.ts';
import { openTestBroker, type TestBroker } from './testing/test-broker.ts';

let db: TestDatabase;
let broker: TestBroker;
let gateway: Gateway;
const run = randomBytes(3).toString('hex');
const FA = `FA-T${run}`;
const CAM = `CAM-T${run}`;
const creds: Record<string, string> = {};
const clients: MqttClient[] = [];

async function connectDevice(id: string, password = creds[id]): Promise<MqttClient> {
  const c = mqtt.connect(broker.url, {
    username: broker.enforcesDeviceAuth ? id : broker.service.username || undefined,
    password: broker.enforcesDeviceAuth ? password : broker.service.password || undefined,
    reconnectPeriod: 0,
    clientId: broker.enforcesDeviceAuth ? id : `${id}-${randomBytes(3).toString('hex')}`,
  });
  clients.push(c);
  await new Promise<void>((resolve, reject) => {
    c.once('connect', () => resolve());
    c.once('error', reject);
  });
  return c;
}

/** The probe's first defined answer, polled for up to `timeoutMs`. */
const waitFor = <T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> =>
  vi.waitFor(
    async () => {
      const v = await probe();
      if (v === undefined) throw new Error('not yet');
      return v;
    },
    { timeout: timeoutMs, interval: 50 },
  );

beforeAll(async () => {
  db = await openTestDatabase();
  broker = await openTestBroker(db.pool);
  for (const [id, kind] of [
    [FA, 'fire'],
    [CAM, 'camera'],
  ] as const) {
    creds[id] = (await provisionDevice(db.pool, { id, kind, lat: 21.03, lon: 105.85, area: 'A001', address: 'Số 1 Phố mẫu' })).password;
  }
  gateway = await startGateway({
    mqttUrl: broker.url,
    username: broker.service.username || undefined,
    password: broker.service.password || undefined,
    protocolVersion: broker.protocolVersion,
    clientId: `cityops-gw-test-${run}`,
    pool: db.pool,
    log: pino({ level: 'warn' }),
    sessionExpirySec: 5,
  });
});
afterAll(async () => {
  for (const c of clients) c.end(true);
  await gateway?.stop();
  await broker?.close();
  await db?.close();
});

const count = async (table: string, id: string) =>
  (await db.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE device_id = $1`, [id])).rows[0].n as number;

describe('ingest gateway', () => {
  it('stores a fire alarm, sends its receipt after commit, and stores a resend once', async () => {
    const panel = await connectDevice(FA);
    const receipts: unknown[] = [];
    panel.on('message', (_t, p) => receipts.push(JSON.parse(p.toString())));
    await panel.subscribeAsync(receiptTopic(FA), { qos: 1 });
    const alarm = JSON.stringify({ ts: Date.now(), seq: 1, event: 'alarm', zone: 'Tầng 2', detector: 'smoke' });
    await panel.publishAsync(telemetryTopic('fire', FA), alarm, { qos: 1 });
    await waitFor(async () => (receipts.length >= 1 ? true : undefined));
    expect(receipts[0]).toEqual({ seq: 1, status: 'ack' });
    expect(await count('fire_events', FA)).toBe(1);
    await panel.publishAsync(telemetryTopic('fire', FA), alarm, { qos: 1 });
    await waitFor(async () => (receipts.length >= 2 ? true : undefined));
    expect(receipts[1]).toEqual({ seq: 1, status: 'ack' });
    expect(await count('fire_events', FA)).toBe(1);
    const [device] = (await listDevices(db.pool, { kind: 'fire' })).filter((d) => d.id === FA);
    expect(device?.status).toBe('alarm');
  });

  it('dead-letters an invalid payload with its reason and answers a rejected receipt', async () => {
    const panel = await connectDevice(FA);
    const receipts: { seq: number; status: string; reason?: string }[] = [];
    panel.on('message', (_t, p) => receipts.push(JSON.parse(p.toString())));
    await panel.subscribeAsync(receiptTopic(FA), { qos: 1 });
    await panel.publishAsync(telemetryTopic('fire', FA), JSON.stringify({ ts: Date.now(), seq: 2, event: 'flames' }), { qos: 1 });
    const r = await waitFor(async () => receipts.find((x) => x.seq === 2));
    expect(r).toEqual({ seq: 2, status: 'rejected', reason: 'CITYOPS_INGEST_PAYLOAD_SCHEMA' });
    const [dl] = await listDeadLetters(db.pool, { deviceId: FA });
    expect(dl).toMatchObject({ reason: 'CITYOPS_INGEST_PAYLOAD_SCHEMA', topic: telemetryTopic('fire', FA) });
    expect(dl!.detail).toContain('/event');
    expect(gateway.metrics.deadLettered).toBeGreaterThanOrEqual(1);
  });

  it('writes a burst in batches, not a row at a time, and stores every message once', async () => {
    const cam = await connectDevice(CAM);
    const base = Date.now();
    const N = 2000;
    const batchesBefore = gateway.metrics.batches;
    await Promise.all(
      Array.from({ length: N }, (_, i) =>
        cam.publishAsync(telemetryTopic('camera', CAM), JSON.stringify({ ts: base + i, seq: i, status: i % 2 ? 'online' : 'degraded' }), { qos: 1 }),
      ),
    );
    await waitFor(async () => ((await count('camera_status', CAM)) === N ? true : undefined), 20_000);
    expect(gateway.metrics.batches - batchesBefore).toBeLessThan(N / 5);
  });
});
