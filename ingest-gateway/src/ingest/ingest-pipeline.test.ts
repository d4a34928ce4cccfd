import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import type { MqttClient } from 'mqtt';
import { IngestPipeline } from './ingest-pipeline.ts';
import { PubackGate } from '../mqtt/puback-gate.ts';

const log = pino({ level: 'silent' });

/** The mqtt.js edge the gate patches: `_sendPacket` and the 'close' event. */
function fakeMqttClient() {
  const sent: { cmd: string; messageId?: number }[] = [];
  const client = Object.assign(new EventEmitter(), {
    _sendPacket(packet: { cmd: string; messageId?: number }, cb?: () => void) {
      sent.push(packet);
      cb?.();
    },
  });
  return { client: client as unknown as MqttClient & EventEmitter, sent };
}

/** A write whose batches each resolve when the test says so. */
function controlledWrite() {
  const calls: { batch: number[]; resolve: () => void; reject: (e: Error) => void }[] = [];
  const write = (batch: number[]) => new Promise<number[]>((resolve, reject) => calls.push({ batch: [...batch], resolve: () => resolve(batch), reject }));
  return { calls, write };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('IngestPipeline', () => {
  it('writes one batch at a time and calls afterCommit in arrival order across batches', async () => {
    const { calls, write } = controlledWrite();
    const committed: number[] = [];
    const p = new IngestPipeline<number, number[]>({ log, write, afterCommit: (b) => committed.push(...b), maxBatch: 3 });
    for (let i = 0; i < 7; i++) p.push(i);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.batch)).toEqual([[0, 1, 2]]);
    calls[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.batch)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    p.push(7);
    calls[1]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    calls[2]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls[2]!.batch).toEqual([6, 7]);
    expect(committed).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('retries a failed write with growing backoff, never dropping or reordering it', async () => {
    const { calls, write } = controlledWrite();
    const committed: number[] = [];
    const p = new IngestPipeline<number, number[]>({ log, write, afterCommit: (b) => committed.push(...b), retryMinMs: 100, retryMaxMs: 400 });
    p.push(1);
    p.push(2);
    await vi.advanceTimersByTimeAsync(0);
    calls[0]!.reject(new Error('database down'));
    await vi.advanceTimersByTimeAsync(99);
    expect(calls).toHaveLength(1);
    p.push(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls[1]!.batch).toEqual([1, 2]);
    calls[1]!.reject(new Error('database down'));
    await vi.advanceTimersByTimeAsync(199);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    calls[2]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    calls[3]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(committed).toEqual([1, 2, 3]);
    expect(p.failedWrites).toBe(2);
  });

  it('says "wait" at the high-water mark and lets the reader go on once a commit made room', async () => {
    const { calls, write } = controlledWrite();
    const p = new IngestPipeline<number, number[]>({ log, write, afterCommit: () => undefined, maxBatch: 2, highWater: 4 });
    expect([0, 1, 2].map((i) => p.push(i))).toEqual([true, true, true]);
    await vi.advanceTimersByTimeAsync(0);
    // [0, 1] is being written; 2 waits; two more fill the buffer to the mark.
    expect(p.push(3)).toBe(true);
    expect(p.push(4)).toBe(true);
    expect(p.push(5)).toBe(false);
    let roomy = false;
    void p.room().then(() => (roomy = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(roomy).toBe(false);
    calls[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(roomy).toBe(true);
  });

  it('resolves idle() only when everything pushed so far is committed', async () => {
    const { calls, write } = controlledWrite();
    const p = new IngestPipeline<number, number[]>({ log, write, afterCommit: () => undefined });
    p.push(1);
    let idle = false;
    void p.idle().then(() => (idle = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(idle).toBe(false);
    calls[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(idle).toBe(true);
  });

  it('lets a batch linger until it fills or its oldest message waited lingerMs, then never lingers behind a backlog', async () => {
    const { calls, write } = controlledWrite();
    const p = new IngestPipeline<number, number[]>({ log, write, afterCommit: () => undefined, maxBatch: 4, lingerMs: 20 });
    p.push(1);
    await vi.advanceTimersByTimeAsync(10);
    p.push(2);
    await vi.advanceTimersByTimeAsync(9);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    // Due 20 ms after the first message, not after the second.
    expect(calls.map((c) => c.batch)).toEqual([[1, 2]]);
    // While that batch commits, a full batch and one more arrive: the full one goes as soon as the
    // writer is free, and the rest, already older than the linger, right behind it.
    for (let i = 3; i <= 7; i++) p.push(i);
    await vi.advanceTimersByTimeAsync(30);
    calls[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.batch)).toEqual([
      [1, 2],
      [3, 4, 5, 6],
    ]);
    calls[1]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls[2]!.batch).toEqual([7]);
    calls[2]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    // A batch that fills while lingering goes at once.
    for (let i = 8; i <= 11; i++) p.push(i);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls[3]!.batch).toEqual([8, 9, 10, 11]);
    calls[3]!.resolve();
    // flushNow (shutdown) cuts a linger short.
    p.push(12);
    await vi.advanceTimersByTimeAsync(1);
    p.flushNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls[4]!.batch).toEqual([12]);
  });
});

describe('PubackGate with the pipeline: PUBACKs leave in arrival order, after commit', () => {
  it('holds every PUBACK until its batch commits and sends them in the order the PUBLISHes arrived', async () => {
    const { client, sent } = fakeMqttClient();
    const gate = new PubackGate(client);
    const { calls, write } = controlledWrite();
    const p = new IngestPipeline<{ id: number; ack: () => void }, unknown>({
      log,
      maxBatch: 3,
      write: (batch) => write(batch.map((b) => b.id)),
      afterCommit: (batch) => batch.forEach((item) => item.ack()),
    });
    const send = (client as unknown as { _sendPacket: (p: object, cb?: () => void) => void })._sendPacket.bind(client);
    // mqtt.js would send a PUBACK for each publish as soon as handleMessage calls back.
    for (const id of [11, 12, 13, 14, 15]) {
      const token = gate.defer(id);
      p.push({ id, ack: () => void gate.release(token) });
      send({ cmd: 'puback', messageId: id });
    }
    send({ cmd: 'pingreq' });
    expect(sent).toEqual([{ cmd: 'pingreq' }]);
    await vi.advanceTimersByTimeAsync(0);
    calls[0]!.reject(new Error('database down'));
    await vi.advanceTimersByTimeAsync(100);
    expect(sent.filter((s) => s.cmd === 'puback')).toEqual([]);
    calls[1]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    calls[2]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.filter((s) => s.cmd === 'puback').map((s) => s.messageId)).toEqual([11, 12, 13, 14, 15]);
  });

  it('drops PUBACKs parked on a connection that closed: the broker redelivers those on the next one', () => {
    const { client, sent } = fakeMqttClient();
    const gate = new PubackGate(client);
    const send = (client as unknown as { _sendPacket: (p: object, cb?: () => void) => void })._sendPacket.bind(client);
    const before = gate.defer(7);
    send({ cmd: 'puback', messageId: 7 });
    client.emit('close');
    const after = gate.defer(7);
    send({ cmd: 'puback', messageId: 7 });
    expect(gate.release(before)).toBe(false);
    expect(gate.release(after)).toBe(true);
    expect(sent).toEqual([{ cmd: 'puback', messageId: 7 }]);
  });

  it('tells a message from a replaced connection from a current one (its late callback must send nothing)', () => {
    const { client } = fakeMqttClient();
    const gate = new PubackGate(client);
    const before = gate.defer(9);
    expect(gate.isCurrent(before)).toBe(true);
    client.emit('close');
    expect(gate.isCurrent(before)).toBe(false);
    expect(gate.isCurrent(gate.defer(9))).toBe(true);
  });

  it('lets PUBACKs it was not asked to hold pass at once', () => {
    const { client, sent } = fakeMqttClient();
    new PubackGate(client);
    const send = (client as unknown as { _sendPacket: (p: object, cb?: () => void) => void })._sendPacket.bind(client);
    send({ cmd: 'puback', messageId: 3 });
    expect(sent).toEqual([{ cmd: 'puback', messageId: 3 }]);
  });
});
