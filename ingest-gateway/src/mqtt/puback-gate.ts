import type { MqttClient } from 'mqtt';

type SendPacket = (packet: { cmd: string; messageId?: number }, cb?: (err?: Error) => void, ...rest: unknown[]) => void;

/**
 * Holds QoS 1 PUBACKs until the message is committed, without stalling the connection.
 *
 * mqtt.js reads the next packet only after `handleMessage`'s callback and the PUBACK it triggers, so
 * acking after commit naively means one commit per message (docs/adr/0001-ack-after-commit-window.md).
 * MQTT allows a window of unacknowledged messages as long as PUBACKs go out in the order the PUBLISHes
 * arrived [MQTT-4.6.0-2]. The gate lets mqtt.js carry on at once while it parks each PUBACK, and sends
 * the parked ones in arrival order when their batch commits. A PUBACK parked on a connection that has
 * since closed is dropped: the broker redelivers that message on the new connection (persistent
 * session), and the redelivery is stored idempotently.
 *
 * This wraps mqtt.js's internal `_sendPacket` (pinned mqtt@5.16.0); ingest/ingest-pipeline.test.ts
 * pins the behaviour with a fake client, and the gateway's integration suites with the real one.
 */
export class PubackGate {
  private epoch = 0;
  private readonly parked = new Map<number, { epoch: number; send: () => void }>();
  private readonly deferred = new Set<number>();

  constructor(private readonly client: MqttClient) {
    const raw = client as unknown as { _sendPacket: SendPacket };
    const original = raw._sendPacket.bind(client);
    raw._sendPacket = (packet, cb, ...rest) => {
      const id = packet.messageId;
      if (packet.cmd === 'puback' && id !== undefined && this.deferred.delete(id)) {
        this.parked.set(id, { epoch: this.epoch, send: () => original(packet, undefined, ...rest) });
        cb?.();
        return;
      }
      original(packet, cb, ...rest);
    };
    client.on('close', () => {
      this.epoch += 1;
      this.parked.clear();
      this.deferred.clear();
    });
  }

  /** Call before handing the message back to mqtt.js: its PUBACK will be parked. */
  defer(messageId: number): { epoch: number; messageId: number } {
    this.deferred.add(messageId);
    return { epoch: this.epoch, messageId };
  }

  /**
   * Whether the connection a message arrived on is still the current one. mqtt.js sends a message's
   * PUBACK when `handleMessage` calls back, on whatever connection is current then: a callback held
   * back (full buffer) across a reconnect would acknowledge, on the new connection, whatever message
   * the broker gave the same packet id there. Such a callback must be given an error instead, which
   * makes mqtt.js send nothing (the broker redelivers the message on the new connection).
   */
  isCurrent(token: { epoch: number }): boolean {
    return token.epoch === this.epoch;
  }

  /** Sends the parked PUBACK of a committed message, unless its connection is gone. */
  release(token: { epoch: number; messageId: number }): boolean {
    const entry = this.parked.get(token.messageId);
    if (!entry || entry.epoch !== token.epoch || token.epoch !== this.epoch) return false;
    this.parked.delete(token.messageId);
    entry.send();
    return true;
  }

  get parkedCount(): number {
    return this.parked.size;
  }
}
