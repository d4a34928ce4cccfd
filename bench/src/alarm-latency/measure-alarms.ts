import mqtt, { type MqttClient } from 'mqtt';
import { receiptTopic, telemetryTopic } from '@cityops/contracts';
import type { OpsSocket } from './console-socket.ts';

export interface Account {
  id: string;
  password: string;
}

export interface AlarmRecord {
  deviceId: string;
  warmup: boolean;
  /** Epoch ms just before publish(), for lining up with database timestamps. */
  publishedAt: number;
  /** publish() → `incident:opened` for this panel on the socket. */
  latencyMs?: number;
  /** publish() → the gateway's receipt (on city/v1/fire/{id}/receipt, sent once the event is committed). */
  receiptMs?: number;
  /** Epoch ms of the `incident:opened` arrival. */
  arrivedAt?: number;
}

export interface MeasureOptions {
  url: string;
  protocolVersion: 4 | 5;
  panels: readonly Account[];
  warmup: number;
  intervalMs: number;
  socket: OpsSocket;
  /** Bare broker round-trip, interleaved with the alarms: a camera publishes, the service account subscribes. */
  reference?: { camera: Account; service: { username: string; password: string } };
  /** How long to wait for the last incidents after the last alarm. */
  drainMs: number;
}

export interface Measured {
  alarms: AlarmRecord[];
  reference: number[];
  windowMs: number;
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));

async function connect(url: string, protocolVersion: 4 | 5, username: string, password: string): Promise<MqttClient> {
  return mqtt.connectAsync(url, { username, password, clientId: username, protocolVersion, clean: true, reconnectPeriod: 0, connectTimeout: 20_000 });
}

/**
 * Every panel publishes one `alarm` (QoS 1) on a fixed schedule, each from its own panel so each
 * opens its own incident; the clock runs from just before publish() to the matching
 * `incident:opened` (by deviceId). Everything is connected before the first alarm, so connects
 * and the socket handshake are never in a figure. The first `warmup` alarms are not counted.
 */
export async function measureAlarms(o: MeasureOptions): Promise<Measured> {
  const panels = new Map<string, { client: MqttClient; t0: number; record: AlarmRecord }>();
  const clients: MqttClient[] = [];
  try {
    for (let i = 0; i < o.panels.length; i += 50) {
      await Promise.all(
        o.panels.slice(i, i + 50).map(async (p, k) => {
          const client = await connect(o.url, o.protocolVersion, p.id, p.password);
          clients.push(client);
          await client.subscribeAsync(receiptTopic(p.id), { qos: 1 });
          client.on('message', () => {
            const e = panels.get(p.id)!;
            e.record.receiptMs ??= performance.now() - e.t0;
          });
          panels.set(p.id, { client, t0: 0, record: { deviceId: p.id, warmup: i + k < o.warmup, publishedAt: 0 } });
        }),
      );
    }
    o.socket.on('incident:opened', (e) => {
      const entry = panels.get(e.incident.deviceId ?? '');
      if (!entry || entry.t0 === 0 || entry.record.latencyMs !== undefined) return;
      entry.record.latencyMs = performance.now() - entry.t0;
      entry.record.arrivedAt = Date.now();
    });

    const reference: number[] = [];
    const refSent = new Map<number, number>();
    let ref: { pub: MqttClient; topic: string } | undefined;
    if (o.reference) {
      const sub = await connect(o.url, o.protocolVersion, o.reference.service.username, o.reference.service.password);
      clients.push(sub);
      const topic = telemetryTopic('camera', o.reference.camera.id);
      sub.on('message', (t, payload) => {
        if (t !== topic) return;
        const seq = (JSON.parse(payload.toString()) as { seq: number }).seq;
        const t0 = refSent.get(seq);
        if (t0 !== undefined) {
          reference.push(performance.now() - t0);
          refSent.delete(seq);
        }
      });
      await sub.subscribeAsync(topic, { qos: 1 });
      const pub = await connect(o.url, o.protocolVersion, o.reference.camera.id, o.reference.camera.password);
      clients.push(pub);
      ref = { pub, topic };
    }

    const order = [...panels.values()];
    const started = performance.now();
    for (const [i, e] of order.entries()) {
      await sleepUntil(started + i * o.intervalMs);
      const topic = telemetryTopic('fire', e.record.deviceId);
      e.record.publishedAt = Date.now();
      const body = JSON.stringify({ ts: e.record.publishedAt, seq: 1, event: 'alarm', zone: 'Z1', detector: 'smoke' });
      e.t0 = performance.now();
      e.client.publish(topic, body, { qos: 1 });
      if (ref && i >= o.warmup) {
        await sleepUntil(started + (i + 0.5) * o.intervalMs);
        const seq = i + 1;
        const now = Date.now();
        refSent.set(seq, performance.now());
        ref.pub.publish(ref.topic, JSON.stringify({ ts: now, seq, status: 'online', fps: 25 }), { qos: 1 });
      }
    }
    const lastPublish = performance.now();
    while (order.some((e) => e.record.latencyMs === undefined) && performance.now() - lastPublish < o.drainMs) await new Promise((r) => setTimeout(r, 20));
    return { alarms: order.map((e) => e.record), reference, windowMs: performance.now() - started };
  } finally {
    o.socket.off('incident:opened');
    await Promise.all(clients.map((c) => c.endAsync().catch(() => undefined)));
  }
}
