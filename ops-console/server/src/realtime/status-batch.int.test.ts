import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { appendEvents, type EventLogEntry } from '@cityops/db';
import { openConsoleHarness, type ConsoleHarness } from '../testing/console-harness.ts';

// The opt-in `device:statusBatch` delivery (ADR 0006): same events, same order, same resume
// point as the plain stream, paced by the client's acknowledgements.
let h: ConsoleHarness;
let cookie: string;
const sockets: Socket[] = [];

type Seen = { name: string; sseqs: number[] };

/** A client recording every event as name + the sseq(s) it carries; `holdAcks` keeps batch acks back. */
function listen(opts: { batch: boolean; lastSseq?: number; holdAcks?: boolean }) {
  const auth = { ...(opts.lastSseq ? { lastSseq: opts.lastSseq } : {}), ...(opts.batch ? { batch: ['device:status'] } : {}) };
  const socket = connectSocket(`${h.baseUrl}/ops`, { transports: ['websocket'], extraHeaders: { cookie, origin: h.baseUrl! }, auth, reconnection: false });
  sockets.push(socket);
  const seen: Seen[] = [];
  const held: (() => void)[] = [];
  socket.onAny((name: string, body: { sseq: number; items?: { sseq: number }[] }, ack?: () => void) => {
    if (name === 'kpi:tick') return;
    seen.push({ name, sseqs: body.items ? body.items.map((i) => i.sseq) : [body.sseq] });
    if (typeof ack === 'function') {
      if (opts.holdAcks) held.push(ack);
      else ack();
    }
  });
  const done = new Promise<void>((resolve) => socket.once('replay:done', () => resolve()));
  return { socket, seen, held, done };
}

const status = (i: number): EventLogEntry => ({
  topic: 'device.status',
  payload: { id: `CAM-${i}`, kind: 'camera', status: i % 2 ? 'online' : 'degraded', lat: 21, lon: 105.8, area: 'A1', at: new Date().toISOString() },
});
const queue = (i: number): EventLogEntry => ({
  topic: 'queue.load',
  payload: { id: `Q-${i}`, waiting: i, serving: 1, countersOpen: 2, avgWaitSec: 60, at: new Date().toISOString() },
});
const flat = (seen: Seen[]) => seen.filter((e) => e.name !== 'replay:done').flatMap((e) => e.sseqs);

const until = (what: string, ok: () => boolean): Promise<void> => vi.waitFor(() => expect(ok(), what).toBe(true), { timeout: 5000, interval: 25 });

async function append(events: EventLogEntry[]): Promise<void> {
  await appendEvents(h.db.pool, events);
  h.realtime!.wake();
}

beforeAll(async () => {
  // Alerting polls rarely: this suite drives the event log itself.
  h = await openConsoleHarness({ realtime: { pollMs: 50 }, alertingPollMs: 3_600_000 });
  cookie = await h.cookie('viewer');
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await h?.close();
});

describe('device:statusBatch', () => {
  it('gives a batching client the plain stream’s events in the same order, and a plain client no batches', async () => {
    const plain = listen({ batch: false });
    const batched = listen({ batch: true });
    await Promise.all([plain.done, batched.done]);
    await append([status(1), status(2), queue(3), status(4), status(5), status(6)]);
    await until('both got six events', () => flat(plain.seen).length === 6 && flat(batched.seen).length === 6);

    expect(plain.seen.slice(1).map((e) => e.name)).toEqual(['device:status', 'device:status', 'queue:load', 'device:status', 'device:status', 'device:status']);
    expect(batched.seen.slice(1).map((e) => e.name)).toEqual(['device:statusBatch', 'queue:load', 'device:statusBatch']);
    expect(flat(batched.seen)).toEqual(flat(plain.seen));
    expect(batched.seen[1]!.sseqs).toHaveLength(2);
    expect(batched.seen[3]!.sseqs).toHaveLength(3);
  });

  it('keeps one batch in flight until it is acknowledged, then sends what came meanwhile merged', async () => {
    const slow = listen({ batch: true, holdAcks: true });
    await slow.done;
    await append([status(10)]);
    await until('the first batch', () => slow.seen.length === 2);
    for (let i = 0; i < 3; i++) {
      await append([status(11 + i * 2), status(12 + i * 2)]);
      // Held by the unacknowledged batch: nothing more may be sent meanwhile.
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(slow.seen).toHaveLength(2);
    slow.held.shift()!();
    await until('the merged batch', () => slow.seen.length === 3);
    expect(slow.seen[2]!.name).toBe('device:statusBatch');
    expect(slow.seen[2]!.sseqs).toHaveLength(6);
    expect(flat(slow.seen)).toEqual([...flat(slow.seen)].sort((a, b) => a - b));
  });

  it('replays in batches from lastSseq, each event once, and sends replay:done after them', async () => {
    const first = listen({ batch: true });
    await first.done;
    await append([status(20)]);
    await until('a live event', () => flat(first.seen).length === 1);
    const resumeFrom = flat(first.seen)[0]!;
    first.socket.disconnect();
    await append([status(21), queue(22), status(23)]);
    // Logged while the first socket is gone; the resume below must find them.
    await new Promise((r) => setTimeout(r, 200));

    const back = listen({ batch: true, lastSseq: resumeFrom });
    await back.done;
    expect(back.seen.map((e) => e.name)).toEqual(['device:statusBatch', 'queue:load', 'device:statusBatch', 'replay:done']);
    const replayed = flat(back.seen);
    expect(replayed).toHaveLength(3);
    expect(replayed.every((s) => s > resumeFrom)).toBe(true);
    expect(replayed).toEqual([...replayed].sort((a, b) => a - b));
    expect(back.seen[3]!.sseqs[0]).toBe(replayed[2]);
  });

  it('encodes each live message once for every socket that gets it, plain or batched', async () => {
    const clients = [...Array.from({ length: 6 }, () => listen({ batch: true })), ...Array.from({ length: 6 }, () => listen({ batch: false }))];
    await Promise.all(clients.map((c) => c.done));
    // Let anything still settling from the connections (KPI ticks) pass before counting.
    await new Promise((r) => setTimeout(r, 200));
    const before = h.realtime!.framesEncoded();
    await append([status(30), status(31), queue(32)]);
    await until('every client got all three', () => clients.every((c) => flat(c.seen).length === 3));
    // Two statuses (one batch for the six batched clients, one body each for the plain ones) and
    // the queue load: four encodings, not one per socket.
    expect(h.realtime!.framesEncoded() - before).toBe(4);
    for (const c of clients) expect(flat(c.seen)).toEqual(flat(clients[0]!.seen));
  });
});
