import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { receiptTopic, telemetryTopic, type DeviceKind, type FireReceipt } from '@cityops/contracts';
import { provisionDevice } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startGateway, type Gateway, type GatewayOptions } from '../gateway.ts';
import { openTestBroker, type TestBroker } from './test-broker.ts';

export interface IngestHarness {
  db: TestDatabase;
  broker: TestBroker;
  gateway: Gateway;
  /** Provisions a device and connects it (its own client id, receipts subscribed for fire panels). */
  device(kind: DeviceKind, id?: string): Promise<TestDevice>;
  /** The same device on a new connection (after the broker closed the old one). */
  reconnect(device: TestDevice): Promise<TestDevice>;
  /** Stops the gateway and starts a new one on the same client id (its broker session persists). */
  restartGateway(): Promise<void>;
  /** Stops the gateway only: what devices publish meanwhile waits in the broker session. */
  stopGateway(): Promise<void>;
  startGateway(): Promise<void>;
  close(): Promise<void>;
}

export interface TestDevice {
  id: string;
  kind: DeviceKind;
  password: string;
  client: MqttClient;
  receipts: FireReceipt[];
  /** Publishes raw bytes on any topic, QoS 1, and resolves on the broker's PUBACK. */
  publishRaw(topic: string, payload: string | Uint8Array): Promise<void>;
  /**
   * Publishes a well-formed message on the device's telemetry topic and returns its seq at once,
   * without waiting for the PUBACK: `receipt(seq, ms)` then bounds the whole trip.
   */
  publish(body: Record<string, unknown>): Promise<number>;
  /** Resolves with the receipt of `seq` (fire panels), or rejects after `withinMs`. */
  receipt(seq: number, withinMs: number): Promise<FireReceipt>;
}

let seqBase = Date.now();

/**
 * A database, a broker and a running gateway for ingest suites: embedded by default, the machine's
 * PostgreSQL and Mosquitto under `npm run test:services`.
 */
export async function openIngestHarness(opts: Partial<GatewayOptions> = {}): Promise<IngestHarness> {
  const db = await openTestDatabase();
  // Hostile suites make the broker refuse thousands of publishes; each refusal is a warning line.
  const broker = await openTestBroker(db.pool, process.env.LOG_LEVEL ?? 'error');
  const clientId = `cityops-test-gw-${randomBytes(3).toString('hex')}`;
  const clients: MqttClient[] = [];
  const gatewayOptions = (): GatewayOptions => ({
    mqttUrl: broker.url,
    username: broker.service.username || undefined,
    password: broker.service.password || undefined,
    protocolVersion: broker.protocolVersion,
    clientId,
    pool: db.pool,
    log: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
    sessionExpirySec: 600,
    ...opts,
  });
  async function connectDevice(id: string, kind: DeviceKind, password: string): Promise<TestDevice> {
    const client = await mqtt.connectAsync(broker.url, {
      username: broker.enforcesDeviceAuth ? id : broker.service.username || undefined,
      password: broker.enforcesDeviceAuth ? password : broker.service.password || undefined,
      clientId: broker.enforcesDeviceAuth ? id : `${id}-${randomBytes(3).toString('hex')}`,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
    });
    clients.push(client);
    const receipts: FireReceipt[] = [];
    const waiters = new Set<() => void>();
    client.on('message', (_topic, payload) => {
      // Anything else published on the receipt topic (a fuzz case can) is not a receipt.
      try {
        receipts.push(JSON.parse(payload.toString()) as FireReceipt);
      } catch {
        return;
      }
      for (const w of waiters) w();
    });
    if (kind === 'fire') await client.subscribeAsync(receiptTopic(id), { qos: 1 });
    return {
      id,
      kind,
      password,
      client,
      receipts,
      async publishRaw(topic, payload) {
        await client.publishAsync(topic, typeof payload === 'string' ? payload : Buffer.from(payload), { qos: 1 });
      },
      async publish(body) {
        const seq = (seqBase += 1);
        client.publish(telemetryTopic(kind, id), JSON.stringify({ ts: Date.now(), seq, ...body }), { qos: 1 }, () => undefined);
        return seq;
      },
      receipt(seq, withinMs) {
        return new Promise((resolve, reject) => {
          const check = () => {
            const found = receipts.find((r) => r.seq === seq);
            if (!found) return;
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          };
          const timer = setTimeout(() => {
            waiters.delete(check);
            reject(new Error(`no receipt for ${id} seq ${seq} within ${withinMs} ms`));
          }, withinMs);
          waiters.add(check);
          check();
        });
      },
    };
  }

  const harness: IngestHarness = {
    db,
    broker,
    gateway: await startGateway(gatewayOptions()),
    async device(kind, id = `${kind.toUpperCase()}-${randomBytes(4).toString('hex')}`) {
      const { password } = await provisionDevice(db.pool, { id, kind, lat: 21.03, lon: 105.85, area: 'A001' });
      return connectDevice(id, kind, password);
    },
    reconnect: (device) => connectDevice(device.id, device.kind, device.password),
    async stopGateway() {
      await harness.gateway.stop();
    },
    async startGateway() {
      harness.gateway = await startGateway(gatewayOptions());
    },
    async restartGateway() {
      await harness.stopGateway();
      await harness.startGateway();
    },
    async close() {
      for (const c of clients) c.end(true);
      await harness.gateway.stop();
      await broker.close();
      await db.close();
    },
  };
  return harness;
}
