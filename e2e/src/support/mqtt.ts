import mqtt from 'mqtt';
import { telemetryTopic, type FireEvent, type TransitTap } from '@cityops/contracts';
import type { ProvisionedDevice } from './stack.ts';

/**
 * Publishes one fire-panel event as the panel itself (username = id, password = its secret),
 * QoS 1, and resolves with the time the broker acknowledged it (PUBACK), epoch ms.
 */
export async function publishFireEvent(
  mqttUrl: string,
  panel: ProvisionedDevice,
  event: Omit<FireEvent, 'ts'> & { ts?: FireEvent['ts'] },
): Promise<{ publishedAt: number; ackedAt: number }> {
  const publishedAt = Date.now();
  const ackedAt = await publishAsDevice(mqttUrl, panel, 'fire', [{ ts: publishedAt, ...event }]);
  return { publishedAt, ackedAt };
}

/** QR taps at a reader, as the reader itself, on one connection; resolves once every one was acknowledged. */
export async function publishTransitTaps(mqttUrl: string, reader: ProvisionedDevice, taps: readonly TransitTap[]): Promise<void> {
  await publishAsDevice(mqttUrl, reader, 'transit', taps);
}

/** Bytes as they are, on the device's own telemetry topic: what a device with broken firmware sends. */
export async function publishRawAsDevice(mqttUrl: string, device: ProvisionedDevice, kind: 'fire' | 'transit', payload: string): Promise<void> {
  await publishAsDevice(mqttUrl, device, kind, [payload]);
}

/**
 * QoS 1, in order, each awaited (PUBACK) before the next: the gateway sees them as the device sent
 * them; a string is sent as it is, anything else as JSON. Resolves with the time the last one was
 * acknowledged, epoch ms (before the disconnect).
 */
async function publishAsDevice(mqttUrl: string, device: ProvisionedDevice, kind: 'fire' | 'transit', payloads: readonly (object | string)[]): Promise<number> {
  const client = await mqtt.connectAsync(mqttUrl, {
    username: device.username,
    password: device.password,
    clientId: device.id,
    protocolVersion: 4,
    clean: true,
    connectTimeout: 10_000,
    reconnectPeriod: 0,
  });
  try {
    for (const payload of payloads) {
      await withTimeout(
        client.publishAsync(telemetryTopic(kind, device.id), typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1 }),
        10_000,
        'PUBACK',
      );
    }
    return Date.now();
  } finally {
    await client.endAsync().catch(() => undefined);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, rej) => {
      timer = setTimeout(() => rej(new Error(`no ${what} within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
