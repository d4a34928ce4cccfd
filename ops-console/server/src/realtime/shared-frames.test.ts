import { describe, expect, it } from 'vitest';
import * as socketIoParser from 'socket.io-parser';
import { batchRuns, type Message } from './delivery.ts';
import { EncodedBody, FrameCache, sharedFrameParser } from './shared-frames.ts';

const EVENT = socketIoParser.PacketType.EVENT;
const incident = { sseq: 41, id: 7, kind: 'fire_alarm', title: 'Báo cháy — Tòa nhà "A" <tầng 3>' };

describe('shared frames', () => {
  it('writes a pre-encoded body exactly as Socket.IO would write the body itself, with or without an ack id', () => {
    const plain = new socketIoParser.Encoder();
    const shared = new sharedFrameParser.Encoder();
    for (const packet of [
      { type: EVENT, nsp: '/ops', data: ['incident:opened', incident] },
      { type: EVENT, nsp: '/ops', id: 17, data: ['device:statusBatch', { sseq: 9, items: [{ sseq: 9, id: 'CAM-1', status: 'offline' }] }] },
      { type: EVENT, nsp: '/', data: ['kpi:tick', { sseq: 3 }] },
    ]) {
      const [name, body] = packet.data as [string, unknown];
      const encoded = shared.encode({ ...packet, data: [name, new EncodedBody(JSON.stringify(body))] });
      expect(encoded).toEqual(plain.encode(packet));
      // And what the browser's decoder makes of it is the original body.
      const decoder = new socketIoParser.Decoder();
      let decoded: unknown;
      decoder.on('decoded', (p: { data?: unknown }) => void (decoded = p.data));
      decoder.add(encoded[0]);
      expect(decoded).toEqual([name, body]);
    }
  });

  it('leaves every other packet to the default encoder', () => {
    const packet = { type: socketIoParser.PacketType.CONNECT, nsp: '/ops', data: { sid: 'x' } };
    expect(new sharedFrameParser.Encoder().encode(packet)).toEqual(new socketIoParser.Encoder().encode(packet));
  });

  it('stringifies a body once for any number of sockets, and a status batch once per run of the same items', () => {
    const frames = new FrameCache();
    const first = frames.encode('incident:opened', incident);
    for (let socket = 0; socket < 200; socket++) expect(frames.encode('incident:opened', incident)).toBe(first);
    expect(frames.encoded).toBe(1);

    // Each socket's outbox builds its own batch object over the same items.
    const statuses: Message[] = [1, 2, 3].map((n) => ({ name: 'device:status', body: { sseq: 100 + n, id: `CAM-${n}`, status: 'online' } }));
    const batchFor = (messages: Message[]) => batchRuns(messages)[0]!;
    const a = batchFor(statuses);
    const b = batchFor(statuses);
    expect(a.body).not.toBe(b.body);
    const encodedA = frames.encode(a.name, a.body) as EncodedBody;
    expect(frames.encode(b.name, b.body)).toBe(encodedA);
    expect(JSON.parse(encodedA.json)).toEqual(a.body);
    expect(frames.encoded).toBe(2);
    // A socket that was behind gets a longer run from the same first item: a batch of its own.
    const longer = batchFor([...statuses, { name: 'device:status', body: { sseq: 104, id: 'CAM-4', status: 'offline' } }]);
    expect(JSON.parse((frames.encode(longer.name, longer.body) as EncodedBody).json)).toEqual(longer.body);
    expect(frames.encoded).toBe(3);
  });
});
