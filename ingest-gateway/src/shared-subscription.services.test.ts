/**
 * Two gateways in one shared subscription group on the shipped Mosquitto configuration, as in
 * docker-compose.yml. The fire lanes subscribe to event topics only, so the receipts the gateways
 * publish never reach the group: the broker deals alarms out in turn, and receipts taking turns
 * would send every alarm of a quiet city to the same gateway. A lane whose session still holds an
 * earlier release's broad filter drops it. Runs under `npm run test:services` only: it needs the
 * mosquitto binary and a PostgreSQL server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { receiptTopic, telemetryTopic, type FireReceipt } from '@cityops/contracts';
import { provisionDevice } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startGateway, type Gateway } from './gateway.ts';
import { startPrivateMosquitto, type PrivateMosquitto } from './testing/private-mosquitto.ts';

const GROUP = 'cityops-ingest';
let db: TestDatabase;
let broker: PrivateMosquitto;
let panel: MqttClient;
const gateways = new Map<number, Gateway>();
const receipts: FireReceipt[] = [];
let seq = Date.now();

function startGatewayNumber(n: number): Promise<Gateway> {
  const signIn = (name: string) => ({ clientId: name, username: name, password: broker.service.password });
  return startGateway({
    mqttUrl: broker.url,
    ...signIn(`cityops-ingest-${n}`),
    fire: signIn(`cityops-ingest-${n}-fire`),
    protocolVersion: 5,
    sharedGroup: GROUP,
    pool: db.pool,
    log: pino({ level: 'silent' }),
    sessionExpirySec: 600,
  });
}

/** Sends alarms one at a time, each after the last one's receipt: a quiet city. */
async function alarmsOneByOne(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const s = (seq += 1);
    await panel.publishAsync(telemetryTopic('fire', 'FA-SHARE-1'), JSON.stringify({ ts: Date.now(), seq: s, event: 'alarm', zone: 'Tầng 2' }), { qos: 1 });
    await expect.poll(() => receipts.some((r) => r.seq === s), { timeout: 5000, interval: 5 }).toBe(true);
  }
}

/** Fire events each gateway's lanes received (receipts are dropped before they are counted). */
const received = () => [...gateways.values()].map((g) => g.metrics.received);

beforeAll(async () => {
  db = await openTestDatabase();
  broker = await startPrivateMosquitto();
  const { password } = await provisionDevice(db.pool, { id: 'FA-SHARE-1', kind: 'fire', lat: 21.03, lon: 105.85, address: 'Số 2 Phố mẫu' }, broker.accounts);
  panel = await mqtt.connectAsync(broker.url, { username: 'FA-SHARE-1', password, clientId: 'FA-SHARE-1', protocolVersion: 5, reconnectPeriod: 0 });
  panel.on('message', (_t, payload) => receipts.push(JSON.parse(payload.toString()) as FireReceipt));
  await panel.subscribeAsync(receiptTopic('FA-SHARE-1'), { qos: 1 });
  for (const n of [1, 2]) gateways.set(n, await startGatewayNumber(n));
}, 60_000);
afterAll(async () => {
  panel?.end(true);
  for (const g of gateways.values()) await g.stop();
  await broker?.close();
  await db?.close();
});

describe('fire lanes in a shared subscription group', () => {
  it("deal a quiet city's alarms out to both gateways, each alarm once", async () => {
    await alarmsOneByOne(20);
    const [a, b] = received();
    expect(a! + b!).toBe(20);
    // In turn: 10 each. With receipts in the group every alarm went to one gateway (20 and 0).
    expect(Math.min(a!, b!)).toBeGreaterThanOrEqual(8);
  });

  it("drop an earlier release's broad fire filter left in their broker session", async () => {
    await gateways.get(1)!.stop();
    // The session as an earlier release left it: the fire tree at any depth, receipts included.
    const former = await mqtt.connectAsync(broker.url, {
      clientId: 'cityops-ingest-1-fire',
      username: 'cityops-ingest-1-fire',
      password: broker.service.password,
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: 600 },
      reconnectPeriod: 0,
    });
    await former.subscribeAsync(`$share/${GROUP}/city/v1/fire/#`, { qos: 1 });
    await former.endAsync();
    gateways.set(1, await startGatewayNumber(1));
    const before = received().reduce((x, y) => x + y, 0);
    await alarmsOneByOne(10);
    // Kept, the old filter would deliver each alarm a second time to gateway 1.
    expect(received().reduce((x, y) => x + y, 0) - before).toBe(10);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM fire_events WHERE device_id = 'FA-SHARE-1'`);
    expect(rows[0].n).toBe(30);
  });
});
