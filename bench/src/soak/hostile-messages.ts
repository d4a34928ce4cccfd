import { devicePublishPrefix, publishesTelemetryTopicOnly, TELEMETRY_CHANNEL, type DeviceKind } from '@cityops/contracts';

/**
 * Hostile traffic for the soak, drawn from a seeded generator: the shapes of the ingest fuzz
 * (ingest-gateway/src/ingest-fuzz.alone.test.ts) without fast-check, so 200,000 of them cost little
 * to make: topics with empty, extra, long and unicode levels under the device's own prefix (fire
 * panels, which may publish on their event topic only, keep to it); payloads of random bytes and
 * JSON, near-valid bodies, deep nesting, oversized ones, and identities that repeat with differing
 * bodies. About a fifth are valid and stored.
 */
export interface HostileMessage {
  topic: string;
  payload: Buffer;
}

const BODIES: Record<DeviceKind, Record<string, unknown>> = {
  camera: { status: 'online', fps: 25, recording: true },
  fire: { event: 'fault', zone: 'Tầng 3', detector: 'smoke' },
  transit: { token: 'qr-1', result: 'accepted', routeId: '01', stopId: 'S1' },
  queue: { waiting: 3, serving: 1, countersOpen: 2, avgWaitSec: 120 },
};

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function unicode(rand: () => number, max: number): string {
  let s = '';
  for (let n = Math.floor(rand() * max); n > 0; n--) {
    const r = rand();
    // No NUL, '+' or '#': MQTT forbids them in a topic name, and the broker would only drop the client.
    const cp =
      r < 0.1
        ? 1 + Math.floor(rand() * 31)
        : r < 0.6
          ? 0x20 + Math.floor(rand() * 0x5f)
          : r < 0.9
            ? 0xa0 + Math.floor(rand() * 0xd700)
            : 0x10000 + Math.floor(rand() * 0xfffff);
    s += String.fromCodePoint(cp);
  }
  return s.replace(/[+#]/g, '_');
}

function randomJson(rand: () => number, depth = 0): unknown {
  const r = rand();
  if (depth > 3 || r < 0.3) return pick(rand, [null, true, 1.5e308, -0, Math.floor(rand() * 1e9), unicode(rand, 20)]);
  if (r < 0.65) return Array.from({ length: Math.floor(rand() * 5) }, () => randomJson(rand, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, () => [unicode(rand, 8), randomJson(rand, depth + 1)]));
}

export function hostileMessage(rand: () => number, kind: DeviceKind, deviceId: string, tsBase: number): HostileMessage {
  const t = rand();
  // A publish the broker refuses (on a receipt topic; a fire panel's on anything but its event
  // topic) disconnects the device: rare, or the soak would mostly measure reconnects.
  const suffix =
    t < 0.002
      ? 'receipt'
      : t < 0.55 || publishesTelemetryTopicOnly(kind)
        ? TELEMETRY_CHANNEL[kind]
        : t < 0.75
          ? pick(rand, ['', 'status', 'event', 'tap', 'load', 'event/extra', 'a//b', '..'])
          : t < 0.95
            ? unicode(rand, 40)
            : 'x'.repeat(100 + Math.floor(rand() * 4900));
  const topic = `${devicePublishPrefix(kind, deviceId)}${suffix}`;
  const p = rand();
  const seq = Math.floor(rand() * 1e9);
  let payload: Buffer;
  if (p < 0.3) payload = Buffer.from(JSON.stringify({ ts: tsBase + Math.floor(rand() * 1e6), seq, ...BODIES[kind] }));
  else if (p < 0.45) payload = Buffer.from(Array.from({ length: Math.floor(rand() * 2048) }, () => Math.floor(rand() * 256)));
  else if (p < 0.6) payload = Buffer.from(JSON.stringify(randomJson(rand)) ?? 'null');
  else if (p < 0.75) {
    const body: Record<string, unknown> = { ts: tsBase, seq, ...BODIES[kind] };
    body[pick(rand, [...Object.keys(body), 'extra'])] = randomJson(rand);
    payload = Buffer.from(JSON.stringify(body));
  } else if (p < 0.82) {
    const depth = 1 + Math.floor(rand() * 9000);
    payload = Buffer.from(`{"ts":${tsBase},"seq":${seq},"x":${'['.repeat(depth)}${']'.repeat(depth)}}`);
  } else if (p < 0.87) payload = Buffer.from(`{"ts":${tsBase},"seq":1,"pad":"${'p'.repeat(15_000 + Math.floor(rand() * 5000))}"}`);
  else {
    // Identities that repeat (a small seq range, one timestamp) with bodies that sometimes differ.
    payload = Buffer.from(JSON.stringify({ ts: tsBase, seq: Math.floor(rand() * 50), ...BODIES[kind], variant: Math.floor(rand() * 3) }));
  }
  return { topic, payload };
}
