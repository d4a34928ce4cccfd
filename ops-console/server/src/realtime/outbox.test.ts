import { describe, expect, it } from 'vitest';
import type { Message } from './delivery.ts';
import { Outbox, type Emitter } from './outbox.ts';

const status = (sseq: number): Message => ({ name: 'device:status', body: { sseq, id: `CAM-${sseq}`, status: 'online' } });
const incident = (sseq: number): Message => ({ name: 'incident:opened', body: { sseq, incident: {} } });

/** Records what went out as `name:sseqs`; acks are released by hand. */
function fakeSocket() {
  const sent: string[] = [];
  const acks: (() => void)[] = [];
  const describe = (name: string, body: unknown) => {
    const b = body as { sseq: number; items?: { sseq: number }[] };
    return `${name}:${b.items ? b.items.map((i) => i.sseq).join(',') : b.sseq}`;
  };
  const emitter: Emitter = {
    emit: (name, body) => sent.push(describe(name, body)),
    emitWithAck: (name, body, done) => {
      sent.push(`${describe(name, body)} (ack)`);
      acks.push(done);
    },
  };
  return { sent, acks, emitter };
}

describe('Outbox', () => {
  it('gives a client that did not ask for batches every contract event at once, one message each', () => {
    const { sent, acks, emitter } = fakeSocket();
    const box = new Outbox(emitter, false);
    box.push([status(1), status(2), incident(3)]);
    box.push([status(4)]);
    expect(sent).toEqual(['device:status:1', 'device:status:2', 'incident:opened:3', 'device:status:4']);
    expect(acks).toHaveLength(0);
  });

  it('keeps one batch in flight and merges what arrives meanwhile into the next, in order', () => {
    const { sent, acks, emitter } = fakeSocket();
    const box = new Outbox(emitter, true);
    box.push([status(1), status(2)]);
    box.push([status(3)]);
    box.push([status(4), incident(5), status(6)]);
    expect(sent).toEqual(['device:statusBatch:1,2 (ack)']);
    expect(box.queued).toBe(4);
    acks.shift()!();
    expect(sent.slice(1)).toEqual(['device:statusBatch:3,4', 'incident:opened:5', 'device:statusBatch:6 (ack)']);
    acks.shift()!();
    expect(box.queued).toBe(0);
    box.push([status(7)]);
    expect(sent.slice(4)).toEqual(['device:statusBatch:7 (ack)']);
  });

  it('lets an event through at once while a batch is in flight when no status waits before it', () => {
    const { sent, acks, emitter } = fakeSocket();
    const box = new Outbox(emitter, true);
    box.push([status(1)]);
    box.push([incident(2), { name: 'replay:done', body: { sseq: 2 } }]);
    expect(sent).toEqual(['device:statusBatch:1 (ack)', 'incident:opened:2', 'replay:done:2']);
    // Once a status waits, what comes after it waits too: order is kept.
    box.push([status(3), incident(4)]);
    expect(sent).toHaveLength(3);
    acks.shift()!();
    expect(sent.slice(3)).toEqual(['device:statusBatch:3 (ack)', 'incident:opened:4']);
  });

  it('sends a flush without any status plainly and waits for nothing', () => {
    const { sent, acks, emitter } = fakeSocket();
    const box = new Outbox(emitter, true);
    box.push([incident(1), incident(2)]);
    box.push([status(3)]);
    expect(sent).toEqual(['incident:opened:1', 'incident:opened:2', 'device:statusBatch:3 (ack)']);
    expect(acks).toHaveLength(1);
  });
});
