import * as socketIoParser from 'socket.io-parser';

/**
 * A message body already turned into JSON, written as is into each socket's packet. Socket.IO
 * encodes every `socket.emit` on its own: with 200 consoles watching, each device-status batch was
 * walked for binary parts and stringified 200 times. Bodies every socket shares are encoded once
 * here, and only the few bytes that differ per socket (the acknowledgement id) are added per send.
 */
export class EncodedBody {
  constructor(readonly json: string) {}
}

type Packet = { type: number; nsp?: string; id?: number; data?: unknown };

/**
 * Socket.IO's own encoder, except for events whose body is an `EncodedBody`: those are written
 * exactly as the default encoder would write the original body (`2/ops,17["name",{…}]`), so
 * clients see no difference on the wire.
 */
class SharedFrameEncoder extends socketIoParser.Encoder {
  override encode(packet: Packet): ReturnType<socketIoParser.Encoder['encode']> {
    const data = packet.data;
    if (packet.type === socketIoParser.PacketType.EVENT && Array.isArray(data) && data.length === 2 && data[1] instanceof EncodedBody) {
      let frame = String(socketIoParser.PacketType.EVENT);
      if (packet.nsp && packet.nsp !== '/') frame += `${packet.nsp},`;
      if (packet.id != null) frame += packet.id;
      return [`${frame}[${JSON.stringify(data[0])},${data[1].json}]`];
    }
    return super.encode(packet as Parameters<socketIoParser.Encoder['encode']>[0]);
  }
}

/** The parser given to the Socket.IO server: the default one with the encoder above. */
export const sharedFrameParser = { ...socketIoParser, Encoder: SharedFrameEncoder };

/** A device-status batch body: its items are the event log's mapped bodies, shared by every socket. */
interface BatchBody {
  sseq: number;
  items: readonly object[];
}

/**
 * Encodes each body once however many sockets it goes to. A body shared by reference (an incident,
 * a KPI tick) is found by identity; a device-status batch is made per socket by the outbox, but two
 * batches over the same run of the same items are the same JSON, so they are found by their first
 * item, length and last sseq. Entries go when the bodies they describe are collected.
 */
export class FrameCache {
  #byBody = new WeakMap<object, EncodedBody>();
  #byBatchStart = new WeakMap<object, Map<string, EncodedBody>>();
  /** Bodies stringified so far (the rest were found in the cache). */
  encoded = 0;

  encode(name: string, body: unknown): unknown {
    if (body === null || typeof body !== 'object') return body;
    if (name === 'device:statusBatch') return this.#batch(body as BatchBody);
    let hit = this.#byBody.get(body);
    if (!hit) {
      hit = this.#stringify(body);
      this.#byBody.set(body, hit);
    }
    return hit;
  }

  #batch(body: BatchBody): EncodedBody {
    const first = body.items[0];
    if (!first) return this.#stringify(body);
    const key = `${body.items.length}:${body.sseq}`;
    let runs = this.#byBatchStart.get(first);
    if (!runs) this.#byBatchStart.set(first, (runs = new Map()));
    let hit = runs.get(key);
    if (!hit) runs.set(key, (hit = this.#stringify(body)));
    return hit;
  }

  #stringify(body: object): EncodedBody {
    this.encoded += 1;
    return new EncodedBody(JSON.stringify(body));
  }
}
