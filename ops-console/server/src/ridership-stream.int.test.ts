import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { TransitRidershipEvent } from '@cityops/contracts';
import { insertTelemetry, withTransaction, type PeriodicTask, type StoredTelemetry } from '@cityops/db';
import { startRidershipEmitter } from './realtime/ridership-emitter.ts';
import { openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

// The ridership stream: taps in the database → transit_taps_5m → the emitter → event log → Socket.IO
// `transit:ridership` with an sseq, resumable like every other event. The emitter runs on a test clock.
let h: ConsoleHarness;
let emitter: PeriodicTask;
let cookie: string;
const sockets: Socket[] = [];
/** A 5-minute bucket an hour ago, and the emitter's clock inside it. */
const B = Math.floor(Date.now() / 300_000) * 300_000 - 3_600_000;
let clock = B + 60_000;
let seq = 0;

const tap = (deviceId: string, routeId: string, stopId: string, offsetMs: number, pos?: { lat: number; lon: number }): StoredTelemetry => ({
  kind: 'transit',
  deviceId,
  seq: ++seq,
  tsMs: B + offsetMs,
  area: 'A1',
  payload: { ts: 0, seq, token: `tok-${seq}`, result: 'accepted', routeId, stopId, ...(pos ?? {}) },
});
const write = (taps: StoredTelemetry[]) => withTransaction(h.db.pool, (c) => insertTelemetry(c, taps));

function listen(lastSseq?: number): { socket: Socket; events: TransitRidershipEvent[]; done: Promise<{ replayed: number; complete: boolean }> } {
  const socket = connectSocket(`${h.baseUrl}/ops`, {
    transports: ['websocket'],
    extraHeaders: { cookie, origin: h.baseUrl! },
    auth: lastSseq ? { lastSseq } : {},
    reconnection: false,
  });
  sockets.push(socket);
  const events: TransitRidershipEvent[] = [];
  socket.on('transit:ridership', (e) => events.push(e));
  return { socket, events, done: new Promise((resolve) => socket.once('replay:done', resolve)) };
}

const until = (what: string, ok: () => boolean): Promise<void> => vi.waitFor(() => expect(ok(), what).toBe(true), { timeout: 5000, interval: 25 });

beforeAll(async () => {
  // Alerting polls rarely: this suite drives the event log itself.
  h = await openConsoleHarness({ realtime: { pollMs: 50 }, alertingPollMs: 3_600_000 });
  const realtime = h.realtime!;
  emitter = startRidershipEmitter({
    pool: h.db.pool,
    log: pino({ level: 'silent' }),
    now: () => clock,
    everyMs: 3_600_000,
    onCommitted: () => realtime.wake(),
  });
  cookie = await h.cookie('viewer');
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await emitter?.stop();
  await h?.close();
});

describe('transit:ridership', () => {
  it('streams the current bucket from the rollups, then only what changed, then the closed bucket whole; a reconnect replays it', async () => {
    const live = listen();
    await live.done;
    await write([
      tap('TR-S1', 'R1', 'S1', 10_000, { lat: 21.0, lon: 105.8 }),
      tap('TR-S1', 'R1', 'S1', 20_000, { lat: 21.2, lon: 105.8 }),
      tap('TR-S2', 'R2', 'S2', 30_000, { lat: 21.1, lon: 105.9 }),
      tap('TR-S3', 'R3', 'S3', 40_000), // no position: not placeable on the heat layer
    ]);
    await emitter.runNow();
    await until('the first refresh', () => live.events.length === 1);
    const bucket = new Date(B).toISOString();
    expect(live.events[0]).toEqual({
      sseq: expect.any(Number),
      bucket,
      bucketSeconds: 300,
      stops: [
        { routeId: 'R1', stopId: 'S1', lat: 21.1, lon: 105.8, taps: 2 },
        { routeId: 'R2', stopId: 'S2', lat: 21.1, lon: 105.9, taps: 1 },
      ],
    });

    await write([tap('TR-S2', 'R2', 'S2', 50_000, { lat: 21.1, lon: 105.9 })]);
    clock += 30_000;
    await emitter.runNow();
    await until('the partial refresh', () => live.events.length === 2);
    expect(live.events[1]).toMatchObject({ bucket, stops: [{ routeId: 'R2', stopId: 'S2', taps: 2 }] });
    await emitter.runNow(); // nothing changed: nothing streamed

    clock = B + 300_000 + 10_000;
    await write([tap('TR-S1', 'R1', 'S1', 305_000, { lat: 21.0, lon: 105.8 })]);
    await emitter.runNow();
    await until('the closed bucket and the new one', () => live.events.length === 4);
    expect(live.events.slice(2)).toMatchObject([
      {
        bucket,
        stops: [
          { routeId: 'R1', taps: 2 },
          { routeId: 'R2', taps: 2 },
        ],
      },
      { bucket: new Date(B + 300_000).toISOString(), stops: [{ routeId: 'R1', stopId: 'S1', taps: 1 }] },
    ]);
    const sseqs = live.events.map((e) => e.sseq);
    expect([...sseqs].sort((a, b) => a - b)).toEqual(sseqs);

    const back = listen(sseqs[0]);
    expect(await back.done).toMatchObject({ replayed: 3, complete: true });
    expect(back.events.map((e) => e.sseq)).toEqual(sseqs.slice(1));
    // Nothing more may arrive on the resumed socket.
    await new Promise((r) => setTimeout(r, 200));
    expect(back.events).toHaveLength(3);
  });

  it('two console replicas stream each change once, and a restarted emitter does not resend the bucket', async () => {
    const live = listen();
    await live.done;
    // A second replica (or this one restarted): its own emitter, the same database.
    const other = startRidershipEmitter({
      pool: h.db.pool,
      log: pino({ level: 'silent' }),
      now: () => clock,
      everyMs: 3_600_000,
      onCommitted: () => h.realtime!.wake(),
    });
    try {
      await other.runNow();
      await emitter.runNow();
      // Neither replica may stream anything for an unchanged bucket.
      await new Promise((r) => setTimeout(r, 200));
      expect(live.events, 'nothing changed since the last refresh, whichever replica ran it').toEqual([]);

      await write([tap('TR-S2', 'R2', 'S2', 310_000, { lat: 21.1, lon: 105.9 })]);
      await other.runNow();
      await emitter.runNow();
      await other.runNow();
      await until('the change', () => live.events.length >= 1);
      // The change is streamed once, not once per replica.
      await new Promise((r) => setTimeout(r, 200));
      expect(live.events).toHaveLength(1);
      expect(live.events[0]).toMatchObject({ bucket: new Date(B + 300_000).toISOString(), stops: [{ routeId: 'R2', stopId: 'S2', taps: 1 }] });
    } finally {
      await other.stop();
    }
  });
});
