import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import type { ProvisionedDevice } from '../fleet/device-spec.ts';
import type { Rng } from '../core/rng.ts';
import { uniform } from '../core/rng.ts';

export interface ConnectionEvents {
  onConnect(): void;
  onClose(): void;
  onError(err: Error): void;
  onMessage(topic: string, bytes: Buffer): void;
}

/** Reconnect spacing, fresh for each outage, so a broker restart is not met by thousands of reconnects in step. */
function reconnectPeriodMs(rng: Rng): number {
  return Math.round(uniform(rng, 1_000, 5_000));
}

/**
 * One device's own MQTT connection: username = device id, password = its secret, client id = device id,
 * as a real device signs in (README, "The public contract").
 * `opened` settles once connected, refused or timed out, so callers can pace new connections.
 * A refused CONNACK (bad secret, revoked device) is not retried: mqtt.js suppresses reconnects
 * unless reconnectOnConnackError is set, which keeps a bad fleet file from hammering the broker.
 */
export function connectDevice(
  url: string,
  device: ProvisionedDevice,
  rng: Rng,
  connectTimeoutMs: number,
  events: ConnectionEvents,
): { client: MqttClient; opened: Promise<void> } {
  const client = mqtt.connect(url, {
    clientId: device.id,
    username: device.username,
    password: device.password,
    clean: true,
    keepalive: 60,
    reconnectPeriod: reconnectPeriodMs(rng),
    connectTimeout: connectTimeoutMs,
  });
  client.on('connect', events.onConnect);
  client.on('close', events.onClose);
  // 'offline' fires before mqtt.js arms its reconnect timer, so the new period applies to this outage.
  client.on('offline', () => (client.options.reconnectPeriod = reconnectPeriodMs(rng)));
  client.on('error', events.onError);
  client.on('message', events.onMessage);
  const opened = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, connectTimeoutMs);
    const settle = () => {
      clearTimeout(timer);
      resolve();
    };
    client.once('connect', settle);
    client.once('error', settle);
    client.once('close', settle);
  });
  return { client, opened };
}

/** A clean DISCONNECT first; a broker that does not answer must not hold up shutdown. */
export function disconnect(client: MqttClient, graceMs = 2_000): Promise<void> {
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => client.end(true, () => resolve()), graceMs);
    client.end(false, () => {
      clearTimeout(force);
      resolve();
    });
  });
}
