/**
 * The shipped deploy/mosquitto configuration, run by a real Mosquitto on a free port with the seed
 * `cityops broker seed` writes and device accounts created as cityops creates them: accounts bound
 * to client ids, per-device roles (own id, own kind, own receipts), disabling a device closes its
 * connection, packet size. Runs under `npm run test:services` only: it needs the mosquitto binary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { receiptTopic, telemetryTopic } from '@cityops/contracts';
import { startPrivateMosquitto, type PrivateMosquitto } from '../testing/private-mosquitto.ts';
import { grantAsEarlierRelease } from '../testing/earlier-release-role.ts';

const devices = [
  { id: 'CAM-1', kind: 'camera', password: 'cam-secret-1' },
  { id: 'FA-1', kind: 'fire', password: 'fa-secret-1' },
  { id: 'FA-2', kind: 'fire', password: 'fa-secret-2' },
] as const;
const secret = (id: string) => devices.find((d) => d.id === id)!.password;
let broker: PrivateMosquitto;
const clients: MqttClient[] = [];

async function connect(opts: IClientOptions): Promise<MqttClient> {
  // A device's client id is its id unless the test says otherwise.
  const c = mqtt.connect(broker.url, { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5000, clientId: opts.username, ...opts });
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
    // A listener on every five-level device topic, in a shared group as the gateways are.
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
    await expect(connect({ username: 'cityops-admin', password: 'wrong', clientId: 'cityops-admin-x' })).rejects.toThrow(
      /Bad User Name or Password|Not authorized/i,
    );
  });

  it('lets a device publish under its own id, and refuses another device id (PUBACK 0x87)', async () => {
    const cam = await connect({ username: 'CAM-1', password: secret('CAM-1') });
    expect(await forwarded(cam, telemetryTopic('camera', 'CAM-1'), service)).toEqual({ delivered: true, error: undefined });
    const spoof = await forwarded(cam, telemetryTopic('camera', 'CAM-2'), service);
    expect(spoof.delivered).toBe(false);
    expect(spoof.error).toMatch(/Not authorized/i);
  });

  it('lets a fire panel subscribe to its own receipts only, which the service account publishes', async () => {
    const panel = await connect({ username: 'FA-1', password: secret('FA-1') });
    const got: string[] = [];
    panel.on('message', (t) => got.push(t));
    expect((await panel.subscribeAsync(receiptTopic('FA-1'), { qos: 1 }))[0]?.qos).toBe(1);
    // SUBACK 0x87 (not authorised) for another panel's receipts and for everything.
    for (const filter of [receiptTopic('FA-2'), 'city/v1/#', 'city/v1/fire/+/receipt']) {
      await expect(panel.subscribeAsync(filter, { qos: 1 })).rejects.toThrow(/Not authorized/i);
    }
    for (const topic of [receiptTopic('FA-2'), telemetryTopic('camera', 'CAM-1'), receiptTopic('FA-1')]) {
      await service.publishAsync(topic, '{"seq":1,"status":"ack"}', { qos: 1 });
    }
    await expect.poll(() => got).toEqual([receiptTopic('FA-1')]);
  });

  it("refuses a device that claims the gateway's client id, and the gateway keeps its session", async () => {
    const lane = { username: 'cityops-ingest-1-fire', password: broker.service.password, clientId: 'cityops-ingest-1-fire' };
    const gatewayLane = await connect({ ...lane, clean: false, properties: { sessionExpiryInterval: 60 } });
    await gatewayLane.subscribeAsync('city/v1/camera/#', { qos: 1 });
    let gatewayClosed = false;
    gatewayLane.on('close', () => (gatewayClosed = true));
    await expect(
      connect({ username: 'CAM-1', password: secret('CAM-1'), clientId: lane.clientId, clean: false, properties: { sessionExpiryInterval: 60 } }),
    ).rejects.toThrow(/Not authorized/i);
    // Nor may a service user connect under another service's client id.
    await expect(connect({ ...lane, username: 'cityops-ingest-2-fire', clientId: lane.clientId })).rejects.toThrow(/Not authorized/i);
    const cam = await connect({ username: 'CAM-1', password: secret('CAM-1') });
    expect(await forwarded(cam, telemetryTopic('camera', 'CAM-1'), gatewayLane)).toEqual({ delivered: true, error: undefined });
    expect(gatewayClosed).toBe(false);
  });

  it('holds one session per device: only its own client id, and a second connection takes the first one over', async () => {
    await expect(connect({ username: 'FA-2', password: secret('FA-2'), clientId: 'FA-2-b' })).rejects.toThrow(/Not authorized/i);
    const first = await connect({ username: 'FA-2', password: secret('FA-2') });
    const closed = new Promise<void>((resolve) => first.once('close', () => resolve()));
    await connect({ username: 'FA-2', password: secret('FA-2') });
    await expect(Promise.race([closed.then(() => 'taken over'), new Promise((r) => setTimeout(() => r('both open'), 3000))])).resolves.toBe('taken over');
  });

  it('refuses a topic a level too deep, of an unknown kind or of another kind (PUBACK 0x87)', async () => {
    const cam = await connect({ username: 'CAM-1', password: secret('CAM-1') });
    // Of its own kind only: a camera cannot raise a fire event.
    for (const topic of ['city/v1/camera/CAM-1/status/extra', 'city/v1/bus/CAM-1/status', telemetryTopic('fire', 'CAM-1')]) {
      const r = await forwarded(cam, topic, service);
      expect(r.delivered).toBe(false);
      expect(r.error).toMatch(/Not authorized/i);
    }
  });

  it('refuses a fire panel every topic but its event topic, its own receipt topic included (PUBACK 0x87)', async () => {
    const panel = await connect({ username: 'FA-2', password: secret('FA-2') });
    expect(await forwarded(panel, telemetryTopic('fire', 'FA-2'), service)).toEqual({ delivered: true, error: undefined });
    for (const topic of ['city/v1/fire/FA-2/status', receiptTopic('FA-2'), 'city/v1/fire/FA-2/']) {
      const r = await forwarded(panel, topic, service);
      expect(r.delivered).toBe(false);
      expect(r.error).toMatch(/Not authorized/i);
    }
  });

  it("upgrades a fire panel's role from an earlier release, again without harm, and names devices without an account", async () => {
    await grantAsEarlierRelease(broker.adminUrl, 'FA-1');
    const panel = await connect({ username: 'FA-1', password: secret('FA-1') });
    expect(await forwarded(panel, 'city/v1/fire/FA-1/status', service)).toEqual({ delivered: true, error: undefined });
    const registry = [
      { id: 'FA-1', kind: 'fire' as const },
      { id: 'CAM-1', kind: 'camera' as const },
      { id: 'FA-UNKNOWN', kind: 'fire' as const },
    ];
    for (let i = 0; i < 2; i++) expect(await broker.accounts.upgradeRoles(registry)).toEqual({ upgraded: 1, withoutAccount: ['FA-UNKNOWN'] });
    const refused = await forwarded(panel, 'city/v1/fire/FA-1/status', service);
    expect(refused.delivered).toBe(false);
    expect(refused.error).toMatch(/Not authorized/i);
    expect(await forwarded(panel, telemetryTopic('fire', 'FA-1'), service)).toEqual({ delivered: true, error: undefined });
  });

  it("gives a role kept from an earlier release this release's grants when the device gets a new secret", async () => {
    await grantAsEarlierRelease(broker.adminUrl, 'FA-2');
    await broker.accounts.put([{ id: 'FA-2', kind: 'fire', password: secret('FA-2') }]);
    const panel = await connect({ username: 'FA-2', password: secret('FA-2') });
    expect((await forwarded(panel, 'city/v1/fire/FA-2/status', service)).error).toMatch(/Not authorized/i);
  });

  it('disconnects a disabled device within 1 s, refuses it since, and takes it back with a new password', async () => {
    const cam = await connect({ username: 'CAM-1', password: secret('CAM-1') });
    const closed = new Promise<number>((resolve) => cam.once('close', () => resolve(Date.now())));
    const disabledAt = Date.now();
    await broker.accounts.disable(['CAM-1']);
    expect((await closed) - disabledAt).toBeLessThan(1000);
    await expect(connect({ username: 'CAM-1', password: secret('CAM-1') })).rejects.toThrow(/Not authorized|Bad User Name or Password/i);
    await broker.accounts.put([{ id: 'CAM-1', kind: 'camera', password: 'cam-secret-renewed' }]);
    await expect(connect({ username: 'CAM-1', password: secret('CAM-1') })).rejects.toThrow(/Not authorized|Bad User Name or Password/i);
    const renewed = await connect({ username: 'CAM-1', password: 'cam-secret-renewed' });
    expect(await forwarded(renewed, telemetryTopic('camera', 'CAM-1'), service)).toEqual({ delivered: true, error: undefined });
    await broker.accounts.put([{ id: 'CAM-1', kind: 'camera', password: secret('CAM-1') }]);
  });

  it('creates a fleet of device accounts at once, each control message within the shipped max_packet_size', async () => {
    // 120 devices: more than fit in one 20 KiB control message (a too-large one would get the admin
    // client disconnected and leave the call waiting for an answer that never comes). Fire panels
    // with long ids have the largest commands: 40 of them once made a message over the limit.
    const fleet = [
      ...Array.from({ length: 120 }, (_, i) => ({ id: `CAM-F-${i}`, kind: 'camera' as const, password: `fleet-${i}` })),
      ...Array.from({ length: 60 }, (_, i) => ({ id: `FA-HOAN-KIEM-TOA-NHA-${String(i).padStart(4, '0')}`, kind: 'fire' as const, password: `panel-${i}` })),
    ];
    await broker.accounts.put(fleet);
    const last = await connect({ username: 'CAM-F-119', password: 'fleet-119' });
    expect(await forwarded(last, telemetryTopic('camera', 'CAM-F-119'), service)).toEqual({ delivered: true, error: undefined });
    const panel = await connect({ username: 'FA-HOAN-KIEM-TOA-NHA-0059', password: 'panel-59' });
    expect(await forwarded(panel, telemetryTopic('fire', 'FA-HOAN-KIEM-TOA-NHA-0059'), service)).toEqual({ delivered: true, error: undefined });
    await broker.accounts.disable(fleet.map((d) => d.id));
    await expect(connect({ username: 'CAM-F-0', password: 'fleet-0' })).rejects.toThrow(/Not authorized|Bad User Name or Password/i);
  });

  it('disconnects a client whose packet exceeds max_packet_size', async () => {
    const cam = await connect({ username: 'CAM-1', password: secret('CAM-1') });
    const closed = new Promise<void>((resolve) => cam.once('close', () => resolve()));
    cam.publish(telemetryTopic('camera', 'CAM-1'), Buffer.alloc(32 * 1024, 0x20), { qos: 1 }, () => undefined);
    await closed;
  });
});
