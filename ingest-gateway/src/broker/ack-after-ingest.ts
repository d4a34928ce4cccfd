import type { Aedes, AedesPublishPacket, Client, PublishPacket } from 'aedes';
import type { Logger } from 'pino';

/**
 * Acknowledges a device's QoS 1 PUBLISH only once the ingest gateway has acknowledged the broker's
 * delivery of it, which the gateway does only after the message is committed to the database. So
 * "acknowledged" means "committed" on the embedded broker too, whose queues live in memory: a
 * broker killed mid-burst loses nothing a device was told is safe, and the device resends the rest
 * [MQTT-4.4.0-1].
 *
 * aedes (1.2) writes a QoS 1 PUBACK before it forwards the message. Instead, at authorization we
 * forward the message ourselves, with an identity we chose (brokerId, brokerCounter), then let aedes
 * carry on with an inert copy (QoS 0 on a topic nobody may subscribe to), so it sends no PUBACK.
 * When a gateway's PUBACK for that identity reaches the broker ('ack'), we send the device its
 * PUBACK: a MQTT 3.1.1 PUBACK is four bytes [MQTT-3.4.1], written to the device's own socket.
 * PUBACKs therefore follow commit order, which is arrival order for each device [MQTT-4.6.0-2].
 *
 * Only acknowledgements of subscribers with a session (clean: false, as the gateway's lanes) are
 * seen: for a clean session aedes keeps no record of what it delivered, so its PUBACK names nothing.
 *
 * A message no gateway acknowledges within `maxWaitMs` (no gateway subscribed yet, or one that
 * stays away) is not acknowledged either: the device's connection is closed, and the device resends
 * it on its next connection.
 */
export const INERT_TOPIC = '$cityops/forwarded';

interface Waiting {
  device: Client;
  messageId: number;
  since: number;
}

export interface AckAfterIngest {
  /** From authorizePublish, for an authorized QoS 1 publish of a device: forwards it, then `done`. */
  forward(device: Client, packet: PublishPacket, done: (err: Error | null) => void): void;
  /** Messages forwarded that wait for a gateway's acknowledgement. */
  waiting(): number;
  close(): void;
}

export function ackAfterIngest(
  aedes: Aedes,
  opts: { isIngestClient: (client: Client) => boolean; log: Logger; maxWaitMs?: number; now?: () => number },
): AckAfterIngest {
  const now = opts.now ?? Date.now;
  const maxWaitMs = opts.maxWaitMs ?? 60_000;
  const broker = aedes as unknown as { id: string; counter: number };
  const waiting = new Map<number, Waiting>();
  const byDevice = new Map<Client, Set<number>>();

  aedes.on('ack', (packet, client) => {
    if (!packet || !client || !opts.isIngestClient(client)) return;
    const p = packet as Partial<AedesPublishPacket> & { brokerId?: string; brokerCounter?: number };
    if (p.brokerId !== broker.id || p.brokerCounter === undefined) return;
    const w = waiting.get(p.brokerCounter);
    if (!w) return;
    forget(p.brokerCounter, w);
    const conn = (w.device as unknown as { conn?: { writable?: boolean; write(b: Buffer): unknown } }).conn;
    if (w.device.connected && conn?.writable) conn.write(Buffer.from([0x40, 0x02, w.messageId >> 8, w.messageId & 0xff]));
  });

  aedes.on('clientDisconnect', (client) => {
    for (const counter of byDevice.get(client) ?? []) waiting.delete(counter);
    byDevice.delete(client);
  });

  function forget(counter: number, w: Waiting): void {
    waiting.delete(counter);
    const set = byDevice.get(w.device);
    set?.delete(counter);
    if (set?.size === 0) byDevice.delete(w.device);
  }

  const sweeper = setInterval(
    () => {
      const cutoff = now() - maxWaitMs;
      for (const [counter, w] of waiting) {
        if (w.since > cutoff) continue;
        forget(counter, w);
        opts.log.warn({ deviceId: w.device.id }, 'no gateway acknowledged a message in time; closing the device connection so it resends');
        w.device.close();
      }
    },
    Math.min(5000, maxWaitMs),
  ).unref();

  return {
    forward(device, packet, done) {
      const counter = ++broker.counter;
      const copy = {
        cmd: 'publish' as const,
        topic: packet.topic,
        payload: packet.payload,
        qos: 1 as const,
        retain: false,
        dup: false,
        brokerId: broker.id,
        brokerCounter: counter,
      };
      waiting.set(counter, { device, messageId: packet.messageId!, since: now() });
      let set = byDevice.get(device);
      if (!set) byDevice.set(device, (set = new Set()));
      set.add(counter);
      // As the device itself (aedes 1.2's publish takes the client, which its typings omit).
      const publishAs = aedes.publish.bind(aedes) as unknown as (p: PublishPacket, c: Client, cb: (err?: Error) => void) => void;
      publishAs(copy as unknown as PublishPacket, device, (err) => {
        if (err) {
          forget(counter, waiting.get(counter) ?? { device, messageId: 0, since: 0 });
          return done(err);
        }
        // What aedes does next with `packet` must neither acknowledge nor deliver it again.
        packet.qos = 0;
        packet.topic = INERT_TOPIC;
        packet.retain = false;
        done(null);
      });
    },
    waiting: () => waiting.size,
    close() {
      clearInterval(sweeper);
      waiting.clear();
      byDevice.clear();
    },
  };
}
