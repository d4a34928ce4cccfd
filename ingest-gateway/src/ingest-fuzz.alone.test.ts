import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { devicePublishPrefix, TELEMETRY_CHANNEL, type DeviceKind } from '@cityops/contracts';
import { openIngestHarness, type IngestHarness, type TestDevice } from './testing/ingest-harness.ts';

/**
 * Random topics and payloads thrown at the real pipeline (broker, gateway, database: embedded by
 * default, PostgreSQL and Mosquitto under `npm run test:services`). After every case a fire alarm
 * from another panel must be stored and receipted within 2 s: no message, however made, stops
 * ingestion for the others. CITYOPS_FUZZ_RUNS sets the number of cases (default 10,000).
 */
const RUNS = Number(process.env.CITYOPS_FUZZ_RUNS ?? 10_000);
const KINDS = ['camera', 'fire', 'transit', 'queue'] as const;

let h: IngestHarness;
let victim: TestDevice;
const attackers = new Map<DeviceKind, TestDevice>();

beforeAll(async () => {
  h = await openIngestHarness();
  victim = await h.device('fire');
  for (const kind of KINDS) attackers.set(kind, await h.device(kind));
}, 120_000);
afterAll(async () => h?.close());

/** Topic levels a device may send under its own prefix: empty, long, control characters, extra levels. */
const suffix = fc.oneof(
  { weight: 3, arbitrary: fc.constant<string | null>(null) },
  fc.constantFrom('', 'receipt', 'status', 'event', 'tap', 'load', 'event/extra', 'a//b', '..', 'ev\u0000ent'),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[+#]/g, '_')),
  fc.string({ unit: 'binary', maxLength: 20 }).map((s) => s.replace(/[+#]/g, '_')),
  fc.integer({ min: 100, max: 5000 }).map((n) => 'x'.repeat(n)),
);

const ts = fc.oneof(fc.constant(Date.now()), fc.integer({ min: -1e15, max: 1e15 }), fc.string({ maxLength: 30 }), fc.constant('2026-12-04T10:00:00+07:00'));
const near = (base: Record<string, unknown>) =>
  fc
    .tuple(fc.constantFrom(...Object.keys(base), 'extra', 'ts', 'seq'), fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: false }))
    .map(([key, value]) => ({ ...base, [key]: value }));

const bodies: Record<DeviceKind, Record<string, unknown>> = {
  camera: { status: 'online', fps: 25, recording: true },
  fire: { event: 'alarm', zone: 'Tầng 3', detector: 'smoke' },
  transit: { token: 'qr-1', result: 'accepted', routeId: '01', stopId: 'S1' },
  queue: { waiting: 3, serving: 1, countersOpen: 2, avgWaitSec: 120 },
};

/** One timestamp for the repeating identities of a run. */
const FUZZ_TS = Date.now() - 60_000;
const variants: Record<DeviceKind, (n: number) => Record<string, unknown>> = {
  camera: (n) => ({ status: (['online', 'offline', 'degraded', 'tampered'] as const)[n] }),
  fire: (n) => ({ event: (['alarm', 'fault', 'restore', 'test'] as const)[n] }),
  transit: (n) => ({ token: `qr-${n}` }),
  queue: (n) => ({ waiting: n }),
};

function payload(kind: DeviceKind): fc.Arbitrary<Uint8Array> {
  const text = (s: string) => new TextEncoder().encode(s);
  return fc.oneof(
    fc.uint8Array({ maxLength: 2048 }),
    fc.json({ maxDepth: 4 }).map(text),
    fc
      .record({ ts, seq: fc.oneof(fc.nat(), fc.integer(), fc.double()) })
      .chain((env) => near({ ...env, ...bodies[kind] }))
      .map((o) => text(JSON.stringify(o))),
    fc
      .record({ seq: fc.nat(50), depth: fc.integer({ min: 1, max: 9000 }) })
      .map(({ seq, depth }) =>
        text(`{"ts":${Date.now()},"seq":${seq},${JSON.stringify(bodies[kind]).slice(1, -1)},"x":${'['.repeat(depth)}${']'.repeat(depth)}}`),
      ),
    // Identities that repeat, with bodies that sometimes differ: redeliveries and conflicting duplicates.
    fc
      .record({ seq: fc.nat(20), variant: fc.nat(3) })
      .map(({ seq, variant }) => text(JSON.stringify({ ts: FUZZ_TS, seq, ...bodies[kind], variant: undefined, ...variants[kind](variant) }))),
    fc.integer({ min: 15_000, max: 20_000 }).map((n) => text(`{"ts":${Date.now()},"seq":1,"pad":"${'p'.repeat(n)}"}`)),
  );
}

const message = fc.constantFrom(...KINDS).chain((kind) => fc.record({ kind: fc.constant(kind), suffix, payload: payload(kind) }));

/** Cases in flight at once: each is checked on its own, but the database commits several together. */
const CONCURRENCY = 12;
const SEED = Number(process.env.CITYOPS_FUZZ_SEED ?? Date.now() % 2 ** 31);

describe('random topics and payloads', () => {
  it(
    `leave ingestion of other devices working within 2 s after each of ${RUNS.toLocaleString('en')} cases`,
    async () => {
      const cases = fc.sample(fc.array(message, { minLength: 1, maxLength: 3 }), { numRuns: RUNS, seed: SEED });
      const failures: { index: number; error: string }[] = [];
      const latencies: number[] = [];
      let next = 0;
      // A case publishes its messages, then a fire alarm from another panel, whose receipt must come
      // within 2 s of that alarm's publish. Cases overlap CONCURRENCY at a time.
      const worker = async () => {
        while (next < cases.length && failures.length === 0) {
          const index = next++;
          for (const m of cases[index]!) {
            const attacker = await reconnected(m.kind);
            const topic = `${devicePublishPrefix(m.kind, attacker.id)}${m.suffix ?? TELEMETRY_CHANNEL[m.kind]}`;
            // Not awaited: what matters is the next device's alarm, not this message's fate.
            void attacker.publishRaw(topic, m.payload).catch(() => undefined);
          }
          const sent = performance.now();
          const seq = await victim.publish({ event: 'alarm', zone: 'Tầng 1' });
          try {
            const receipt = await victim.receipt(seq, 2000);
            latencies.push(performance.now() - sent);
            if (receipt.status !== 'ack') failures.push({ index, error: `receipt ${JSON.stringify(receipt)}` });
          } catch (err) {
            failures.push({ index, error: (err as Error).message });
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const culprits = failures.map((f) => ({ ...f, suspects: cases.slice(Math.max(0, f.index - CONCURRENCY), f.index + 1) }));
      expect(culprits, `seed ${SEED} (CITYOPS_FUZZ_SEED reproduces the run)`).toEqual([]);
      expect(next).toBe(RUNS);
      // Every message was stored, recognised as a duplicate or dead-lettered; none had to be set aside.
      const m = h.gateway.metrics;
      const sorted = latencies.sort((a, b) => a - b);
      const pct = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN);
      console.log(
        `fuzz: ${RUNS} cases (seed ${SEED}); alarm receipts p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${pct(1)} ms; received ${m.received}, stored` +
          ` ${m.stored}, duplicates ${m.duplicates}, dead letters ${JSON.stringify(m.deadLettersByReason)}, set aside ${m.setAside}`,
      );
      expect(m.setAside).toBe(0);
    },
    Math.max(120_000, RUNS * 60),
  );
});

/** An attacker whose connection a broker closed (a protocol error is the broker's to punish) comes back, once. */
const reconnecting = new Map<DeviceKind, Promise<TestDevice>>();
async function reconnected(kind: DeviceKind): Promise<TestDevice> {
  const current = attackers.get(kind)!;
  if (current.client.connected) return current;
  let pending = reconnecting.get(kind);
  if (!pending) {
    current.client.end(true);
    pending = h
      .reconnect(current)
      .then((fresh) => {
        attackers.set(kind, fresh);
        return fresh;
      })
      .finally(() => reconnecting.delete(kind));
    reconnecting.set(kind, pending);
  }
  return pending;
}
