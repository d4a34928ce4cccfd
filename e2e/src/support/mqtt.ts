import mqtt from 'mqtt';
import { telemetryTopic, type FireEvent } from '@cityops/contracts';
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
  const client = await mqtt.connectAsync(mqttUrl, {
    username: panel.username,
    password: panel.password,
    clientId: `${panel.id}-e2e-${process.pid}`,
    protocolVersion: 4,
    clean: true,
    connectTimeout: 10_000,
    reconnectPeriod: 0,
  });
  try {
    const publishedAt = Date.now();
    const payload: FireEvent = { ts: publishedAt, ...event };
    await withTimeout(client.publishAsync(telemetryTopic('fire', panel.id), JSON.stringify(payload), { qos: 1 }), 10_000, 'PUBACK');
    return { publishedAt, ackedAt: Date.now() };
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
