import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeTelemetry, devicePublishPrefix, parseTopic, receiptTopic, telemetryTopic } from '@cityops/contracts';
import type { ProvisionedDevice, Scenario } from './index.ts';
import { loadAreas, planFleet, runSimulation } from './index.ts';
import { vnTime } from './core/local-time.ts';

/** Runs on a fixed Monday 08:00 in Hanoi (morning rush), whatever the machine's time of day. */
const BASE = vnTime('2026-11-23', 8);
const t0 = Date.now();
const clock = () => BASE + (Date.now() - t0);
const log = pino({ level: 'silent' });

interface Seen {
  topic: string;
  clientId: string;
  bytes: Buffer;
}

const waitFor = (cond: () => boolean, timeoutMs: number): Promise<void> => vi.waitFor(() => expect(cond()).toBe(true), { timeout: timeoutMs, interval: 50 });

describe('runSimulation against an embedded aedes broker', () => {
  let broker: Aedes;
  let server: net.Server;
  let mqttUrl: string;
  const passwords = new Map<string, string>();
  const kinds = new Map<string, ProvisionedDevice['kind']>();
  const seen: Seen[] = [];
  const refused: string[] = [];

  beforeAll(async () => {
    broker = await Aedes.createBroker({
      // The same rules as the real broker: username = device id with its secret, own topics only.
      authenticate: (client, username, password, done) => {
        done(null, username !== undefined && client.id === username && passwords.get(username) === password?.toString());
      },
      authorizePublish: (client, packet, done) => {
        const kind = client ? kinds.get(client.id) : undefined;
        if (client && kind && packet.topic.startsWith(devicePublishPrefix(kind, client.id))) return done(null);
        refused.push(`${client?.id} → ${packet.topic}`);
        done(new Error('not your topic'));
      },
    });
    broker.on('publish', (packet, client) => {
      if (client) seen.push({ topic: packet.topic, clientId: client.id, bytes: Buffer.from(packet.payload) });
    });
    server = net.createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    mqttUrl = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Stands in for the device registry: a planned fleet with a secret per device. */
  function provision(): ProvisionedDevice[] {
    return planFleet({ areas: loadAreas().areas, counts: { camera: 200, fire: 50, transit: 30, queue: 13 }, seed: 3 }).map((d) => {
      const password = `secret-${d.id}`;
      passwords.set(d.id, password);
      kinds.set(d.id, d.kind);
      return { ...d, username: d.id, password };
    });
  }

  it('runs 20 devices, each on its own connection and topic, with valid payloads and rising seq', async () => {
    const devices = provision().slice(0, 20);
    const fireIds = new Set(devices.filter((d) => d.kind === 'fire').map((d) => d.id));
    // Act as the gateway: acknowledge every fire event so panels stop resending.
    const autoAck = (packet: { topic: string; payload: Buffer | string }, client: unknown) => {
      const t = parseTopic(packet.topic);
      if (!client || !t.ok || !fireIds.has(t.deviceId) || t.channel !== 'event') return;
      const { seq } = JSON.parse(packet.payload.toString()) as { seq: number };
      broker.publish(
        { cmd: 'publish', topic: receiptTopic(t.deviceId), payload: Buffer.from(JSON.stringify({ seq, status: 'ack' })), qos: 1, retain: false, dup: false },
        () => {},
      );
    };
    broker.on('publish', autoAck);
    let maxConnected = 0;
    const sim = runSimulation({
      mqttUrl,
      devices,
      scenario: 'normal-day',
      rate: 100,
      log,
      clock,
      seed: 11,
      onProgress: (s) => (maxConnected = Math.max(maxConnected, s.connected)),
    });
    await waitFor(() => devices.every((d) => seen.some((m) => m.clientId === d.id)), 20_000);
    // Let the fleet run a while on the fast clock before the counts are read.
    await new Promise((r) => setTimeout(r, 1_500));
    const mid = sim.stats();
    await sim.stop();
    const final = await sim.done;
    broker.off('publish', autoAck);

    expect(Math.max(maxConnected, mid.connected)).toBe(20);
    expect(refused).toEqual([]);
    const byDevice = new Map<string, number[]>();
    for (const m of seen) {
      const device = devices.find((d) => d.id === m.clientId)!;
      expect(m.topic).toBe(telemetryTopic(device.kind, device.id));
      const decoded = decodeTelemetry(m.topic, m.bytes, clock());
      expect(decoded.ok, decoded.ok ? '' : `${decoded.reason} ${decoded.detail}`).toBe(true);
      if (decoded.ok) byDevice.set(device.id, [...(byDevice.get(device.id) ?? []), decoded.value.seq]);
    }
    for (const [id, seqs] of byDevice) {
      const distinct = seqs.filter((s, i) => i === 0 || s !== seqs[i - 1]); // a fire resend repeats its seq
      expect(distinct, id).toEqual([...distinct].sort((a, b) => a - b));
      expect(new Set(distinct).size, id).toBe(distinct.length);
    }
    expect(final.published).toBeGreaterThanOrEqual(seen.length - 20);
    expect(final.receiptsAcked).toBeGreaterThan(0);
    expect(final.connected).toBe(0);
    expect(final.errors).toBe(0);
    await waitFor(() => broker.connectedClients === 0, 5_000);
  });

  it('resends a fire event (same seq, ts, bytes) until its receipt arrives, then stops', async () => {
    seen.length = 0;
    const [panel] = provision().filter((d) => d.kind === 'fire');
    const alarmAt: Scenario = {
      name: 'one-alarm',
      description: 'one scripted alarm',
      script: () => [{ atMs: 300, deviceId: panel!.id, fields: { event: 'alarm', zone: 'Tầng 2', detector: 'smoke', smokeObscurationPct: 9.5 } }],
    };
    const sim = runSimulation({ mqttUrl, devices: [panel!], scenario: alarmAt, log, clock, seed: 5, resend: { intervalMs: 200, maxAttempts: 50 } });
    const alarms = () => seen.filter((m) => m.clientId === panel!.id && m.bytes.includes('"alarm"'));
    await waitFor(() => alarms().length >= 3, 10_000);
    const copies = alarms().map((m) => m.bytes.toString());
    expect(new Set(copies).size).toBe(1); // byte-identical: same seq, same ts, same payload
    const { seq } = JSON.parse(copies[0]!) as { seq: number };

    await new Promise<void>((resolve) =>
      broker.publish(
        { cmd: 'publish', topic: receiptTopic(panel!.id), payload: Buffer.from(JSON.stringify({ seq, status: 'ack' })), qos: 1, retain: false, dup: false },
        () => resolve(),
      ),
    );
    await waitFor(() => sim.stats().receiptsAcked === 1, 5_000);
    const countAtAck = alarms().length;
    await new Promise((r) => setTimeout(r, 1_000)); // five resend intervals
    expect(alarms().length).toBeLessThanOrEqual(countAtAck + 1); // at most one already in flight
    expect(sim.stats().resends).toBeGreaterThanOrEqual(2);
    await sim.stop();
    expect((await sim.done).resendsExhausted).toBe(0);
  });

  it('a device with a wrong password is refused once and does not hammer the broker', async () => {
    const [device] = provision();
    const sim = runSimulation({ mqttUrl, devices: [{ ...device!, password: 'wrong' }], scenario: 'normal-day', log, clock });
    await waitFor(() => sim.stats().errors >= 1, 5_000);
    await new Promise((r) => setTimeout(r, 1_500)); // longer than any reconnect period would allow
    expect(sim.stats()).toMatchObject({ connected: 0, errors: 1, published: 0 });
    await sim.stop();
  });
});
