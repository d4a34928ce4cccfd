import { describe, expect, it } from 'vitest';
import type { EventTopic, LoggedEvent } from '@cityops/db';
import { batchRuns, deliveryPrefs, freshMessages, mapRows, MAX_BATCH_ITEMS } from './delivery.ts';

const at = new Date('2026-11-21T02:00:00Z');
const status = (id: number): LoggedEvent => ({
  id,
  at,
  topic: 'device.status',
  payload: { id: `CAM-${id}`, kind: 'camera', status: 'online', lat: 21, lon: 105.8, area: 'A1', at: at.toISOString() },
});
// Payloads do not matter to delivery: only topics and ids.
const other = (id: number, topic: EventTopic): LoggedEvent => ({ id, at, topic, payload: {} }) as unknown as LoggedEvent;

const BATCH = { batchDeviceStatus: true };
const PLAIN = { batchDeviceStatus: false };
const sseqs = (body: unknown) => (body as { items: { sseq: number }[] }).items.map((i) => i.sseq);

describe('deliveryPrefs', () => {
  it('batches device:status only when the handshake lists it', () => {
    expect(deliveryPrefs({ batch: ['device:status'] })).toEqual(BATCH);
    expect(deliveryPrefs({ batch: ['queue:load'] })).toEqual(PLAIN);
    expect(deliveryPrefs({ batch: 'device:status' })).toEqual(PLAIN);
    expect(deliveryPrefs({ lastSseq: 5 })).toEqual(PLAIN);
    expect(deliveryPrefs(undefined)).toEqual(PLAIN);
    expect(deliveryPrefs(null)).toEqual(PLAIN);
  });
});

describe('freshMessages', () => {
  const rows = mapRows([status(1), status(2), other(3, 'incident.opened'), other(4, 'transit.tap'), status(5)]);

  it('gives the contract events, one per streamed row, in order, and the new last sseq', () => {
    const { messages, last } = freshMessages(rows, 0);
    expect(messages.map((m) => [m.name, (m.body as { sseq: number }).sseq])).toEqual([
      ['device:status', 1],
      ['device:status', 2],
      ['incident:opened', 3],
      ['device:status', 5],
    ]);
    expect(last).toBe(5);
  });

  it('sends nothing at or below the socket’s last sseq (a replay overlapping the live stream)', () => {
    expect(freshMessages(rows, 2).messages.map((m) => (m.body as { sseq: number }).sseq)).toEqual([3, 5]);
    expect(freshMessages(rows, 5)).toEqual({ messages: [], last: 5 });
    expect(freshMessages(rows, 9)).toEqual({ messages: [], last: 9 });
  });

  it('advances past rows that are not streamed, so they are not looked at again', () => {
    expect(freshMessages(mapRows([other(10, 'transit.tap')]), 9)).toEqual({ messages: [], last: 10 });
  });
});

describe('batchRuns', () => {
  const plain = freshMessages(mapRows([status(1), status(2), other(3, 'incident.opened'), status(5), status(6), status(7)]), 0).messages;

  it('batches runs of device:status, cutting them where another event falls between, each item keeping its sseq', () => {
    const out = batchRuns(plain);
    expect(out.map((m) => m.name)).toEqual(['device:statusBatch', 'incident:opened', 'device:statusBatch']);
    expect(sseqs(out[0]!.body)).toEqual([1, 2]);
    expect((out[0]!.body as { sseq: number }).sseq).toBe(2);
    expect((out[1]!.body as { sseq: number }).sseq).toBe(3);
    expect(sseqs(out[2]!.body)).toEqual([5, 6, 7]);
    expect((out[2]!.body as { items: unknown[] }).items[0]).toMatchObject({ id: 'CAM-5', status: 'online', sseq: 5 });
  });

  it('leaves other events alone and an empty list empty', () => {
    expect(batchRuns([{ name: 'replay:done', body: { sseq: 4 } }])).toEqual([{ name: 'replay:done', body: { sseq: 4 } }]);
    expect(batchRuns([])).toEqual([]);
  });

  it(`splits a long run into batches of at most ${MAX_BATCH_ITEMS} by default`, () => {
    const many = freshMessages(mapRows(Array.from({ length: MAX_BATCH_ITEMS * 2 + 1 }, (_, i) => status(i + 1))), 0).messages;
    const out = batchRuns(many);
    expect(out.map((m) => sseqs(m.body).length)).toEqual([MAX_BATCH_ITEMS, MAX_BATCH_ITEMS, 1]);
    expect(out.flatMap((m) => sseqs(m.body))).toEqual(many.map((m) => (m.body as { sseq: number }).sseq));
  });
});
