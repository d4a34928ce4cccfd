/**
 * The shipped deploy/mosquitto configuration, run by a real Mosquitto on a free port: accounts,
 * client ids bound to user names, the device ACL and its documented limit, revocation on reload,
 * packet size. Runs under `npm run test:services` only: it needs the mosquitto binary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { receiptTopic, telemetryTopic } from '@cityops/contracts';
import { startPrivateMosquitto, type PrivateMosquitto } from '../testing/private-mosquitto.ts';

const devices = { 'CAM-1': 'cam-secret-1', 'FA-1': 'fa-secret-1', 'FA-2': 'fa-secret-2' };
let broker: PrivateMosquitto;
const clients: MqttClient[] = [];

async function connect(opts: IClientOptions): Promise<MqttClient> {
  const c = mqtt.connect(broker.url, { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5000, ...opts });
  clients.push(c);
  await new Promise<void>((resolve, reject) => {
    c.once('connect', () => resolve());
    c.once('error', reject);
  });
  return c;
}

/** Publishes and says whether the broker forwarded it to the service account's subscription. */
async function forwarded(from: MqttClient, topic: string, listener: MqttClient): Promise<{ delivered: boolean; error?: string }> {
  const marker = `m-${Math.random()}`;
  let delivered = false;
  const onMessage = (t: string, p: Buffer) => {
    if (t === topic && p.toString() === marker) delivered = true;
  };
  listener.on('message', onMessage);
  let error: string | undefined;
  await from.publishAsync(topic, marker, { qos: 1 }).catch((err: Error) => {
    error = err.message;
  });
  await new Promise((r) => setTimeout(r, 150));
  listener.off('message', onMessage);
  return { delivered, error };
}

// Runs under `npm run test:services` only (project `services`): it needs the mosquitto binary.
describe('shipped Mosquitto configuration', () => {
  let service: MqttClient;

  beforeAll(async () => {
    broker = await startPrivateMosquitto({ devices });
    service = await connect({ username: broker.service.username, password: broker.service.password });
    // The gateway's own subscription form: shared, on every device topic.
    const granted = await service.subscribeAsync('$share/cityops-ingest/city/v1/+/+/+', { qos: 1 });
    expect(granted[0]?.qos).toBe(1);
  });
  afterAll(async () => {
    for (const c of clients) c.end(true);
    await broker?.close();
  });

  it('refuses anonymous clients and wrong passwords', async () => {
    await expect(connect({ clientId: 'anon' })).rejects.toThrow(/Not authorized|Bad User Name or Password/i);
    await expect(connect({ username: 'CAM-1', password: 'wrong' })).rejects.toThrow(/Bad User Name or Password|Not authorized/i);
  });

  it('lets a device publish under its own id, and refuses another device id (PUBACK 0x87)', async () => {
    const cam = await connect({ username: 'CAM-1', password: devices['CAM-1'] });
    expect(await forwarded(cam, telemetryTopic('camera', 'CAM-1'), service)).toEqual({ delivered: true, error: undefined });
    const spoof = await forwarded(cam, telemetryTopic('camera', 'CAM-2'), service);
    expect(spoof.delivered).toBe(false);
    expect(spoof.error).toMatch(/Not authorized/i);
  });

  it('lets a fire panel read only its own receipts, which the service account publishes', async () => {
    const panel = await connect({ username: 'FA-1', password: devices['FA-1'] });
    const got: string[] = [];
    panel.on('message', (t) => got.push(t));
    // Mosquitto 2.0 grants any subscription and checks read access per message at delivery.
    await panel.subscribeAsync([receiptTopic('FA-1'), receiptTopic('FA-2'), 'city/v1/#'], { qos: 1 });
    for (const topic of [receiptTopic('FA-2'), telemetryTopic('camera', 'CAM-1'), receiptTopic('FA-1')]) {
      await service.publishAsync(topic, '{"seq":1,"status":"ack"}', { qos: 1 });
    }
    await new Promise((r) => setTimeout(r, 300));
    // Overlapping subscriptions may each deliver a copy [MQTT-3.3.4-2]; what matters is which topics.
    expect([...new Set(got)]).toEqual([receiptTopic('FA-1')]);
  });

  it("gives a device that claims the gateway's client id its own id: the gateway keeps its session", async () => {
    // A second service user: one user holds one session here, like any client.
    const gatewayLane = await connect({
      username: `${broker.service.username}-fire`,
      password: broker.service.password,
      clientId: `${broker.service.username}-fire`,
      clean: false,
      properties: { sessionExpiryInterval: 60 },
    });
    await gatewayLane.subscribeAsync('city/v1/camera/#', { qos: 1 });
    let gatewayClosed = false;
    gatewayLane.on('close', () => (gatewayClosed = true));
    const intruder = await connect({
      username: 'CAM-1',
      password: devices['CAM-1'],
      clientId: `${broker.service.username}-fire`,
      clean: false,
      properties: { sessionExpiryInterval: 60 },
    });
    // The intruder got nothing of the gateway's session, and the gateway still receives.
    const got: string[] = [];
    intruder.on('message', (t) => got.push(t));
    expect(await forwarded(intruder, telemetryTopic('camera', 'CAM-1'), gatewayLane)).toEqual({ delivered: true, error: undefined });
    expect(gatewayClosed).toBe(false);
    expect(got).toEqual([]);
  });

  it('holds one session per device: a second connection takes the first one over', async () => {
    const first = await connect({ username: 'FA-2', password: devices['FA-2'], clientId: 'FA-2-a' });
    const closed = new Promise<void>((resolve) => first.once('close', () => resolve()));
    await connect({ username: 'FA-2', password: devices['FA-2'], clientId: 'FA-2-b' });
    await expect(Promise.race([closed.then(() => 'taken over'), new Promise((r) => setTimeout(() => r('both open'), 3000))])).resolves.toBe('taken over');
  });

  it('refuses a topic a level too deep or of an unknown kind (PUBACK 0x87)', async () => {
    const cam = await connect({ username: 'CAM-1', password: devices['CAM-1'] });
    for (const topic of ['city/v1/camera/CAM-1/status/extra', 'city/v1/bus/CAM-1/status']) {
      const r = await forwarded(cam, topic, service);
      expect(r.delivered).toBe(false);
      expect(r.error).toMatch(/Not authorized/i);
    }
  });

  it('disconnects a revoked device within 1 s of the reload that removes it', async () => {
    const cam = await connect({ username: 'CAM-1', password: devices['CAM-1'] });
    const closed = new Promise<number>((resolve) => cam.once('close', () => resolve(Date.now())));
    const { 'CAM-1': _revoked, ...rest } = devices;
    const reloaded = Date.now();
    broker.setDevices(rest);
    expect((await closed) - reloaded).toBeLessThan(1000);
    await expect(connect({ username: 'CAM-1', password: devices['CAM-1'] })).rejects.toThrow(/Not authorized|Bad User Name or Password/i);
    broker.setDevices(devices);
  });

  it('cannot check the kind: a camera may publish under city/v1/fire/{its id}/ (documented; the gateway dead-letters it)', async () => {
    const cam = await connect({ username: 'CAM-1', password: devices['CAM-1'] });
    expect((await forwarded(cam, telemetryTopic('fire', 'CAM-1'), service)).delivered).toBe(true);
  });

  it('disconnects a client whose packet exceeds max_packet_size', async () => {
    const cam = await connect({ username: 'CAM-1', password: devices['CAM-1'] });
    const closed = new Promise<void>((resolve) => cam.once('close', () => resolve()));
    cam.publish(telemetryTopic('camera', 'CAM-1'), Buffer.alloc(32 * 1024, 0x20), { qos: 1 }, () => undefined);
    await closed;
  });
});
