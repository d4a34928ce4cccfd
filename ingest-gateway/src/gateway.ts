import { EventEmitter } from 'node:events';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { decodeTelemetry, parseTopic, RECEIPT_CHANNEL, receiptTopic, TOPIC_ROOT } from '@cityops/contracts';
import type { Pool } from '@cityops/db';
import { PubackGate } from './mqtt/puback-gate.ts';
import { IngestPipeline } from './ingest/ingest-pipeline.ts';
import { RegistryCache } from './ingest/registry-cache.ts';
import { writeBatch, type CommitResult } from './ingest/batch-writer.ts';
import type { Received } from './pipeline/plan-batch.ts';
import { GatewayMetrics } from './metrics.ts';

export interface GatewayOptions {
  mqttUrl: string;
  /** Service credentials on the broker (the embedded broker issues them; Mosquitto reads them from MQTT_URL). */
  username?: string | undefined;
  password?: string | undefined;
  /** 5 on Mosquitto (shared subscription, no-local, receive maximum); 4 on aedes, which speaks 3.1.1 only. */
  protocolVersion: 4 | 5;
  /** `$share/{group}/…` so replicas split the stream; needs MQTT 5 on the broker. */
  sharedGroup?: string | undefined;
  /** Stable client id: the broker keeps the session (and queues messages) while the gateway restarts. */
  clientId: string;
  pool: Pool;
  log: Logger;
  /** Largest window of received-but-uncommitted QoS 1 messages (MQTT 5 Receive Maximum). */
  window?: number;
  maxBatch?: number;
  /** How long the broker keeps the session while the gateway is away (MQTT 5). */
  sessionExpirySec?: number;
  now?: () => number;
}

export interface Gateway extends EventEmitter<{ committed: [CommitResult] }> {
  readonly metrics: GatewayMetrics;
  readonly client: MqttClient;
  /** Stops intake, commits what was received, closes the connection. */
  stop(): Promise<void>;
}

interface Item {
  received: Received;
  ack: (() => void) | undefined;
}

/**
 * The ingest gateway: subscribes to every device topic at QoS 1, validates, writes in batches,
 * and acknowledges each message to the broker only after its batch committed.
 */
export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const log = opts.log.child({ component: 'ingest-gateway' });
  const now = opts.now ?? Date.now;
  const metrics = new GatewayMetrics();
  const registry = new RegistryCache(opts.pool, now);
  const window = opts.window ?? 5000;
  const emitter = new EventEmitter<{ committed: [CommitResult] }>();

  const clientOptions: IClientOptions = {
    clientId: opts.clientId,
    username: opts.username,
    password: opts.password,
    protocolVersion: opts.protocolVersion,
    clean: false,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    keepalive: 30,
    // mqtt.js formats a debug line per packet even when debug output is off (~2 % of the hot path).
    log: () => undefined,
    ...(opts.protocolVersion === 5 ? { properties: { sessionExpiryInterval: opts.sessionExpirySec ?? 24 * 3600, receiveMaximum: Math.min(window, 65_535) } } : {}),
  };
  const client = mqtt.connect(opts.mqttUrl, { ...clientOptions, manualConnect: true });
  const gate = new PubackGate(client);

  const pipeline = new IngestPipeline<Item, CommitResult>({
    log,
    maxBatch: opts.maxBatch ?? 5000,
    highWater: window * 2,
    write: (batch) => {
      const started = performance.now();
      return writeBatch(opts.pool, registry, batch.map((i) => i.received)).then((r) => {
        metrics.observeBatch(batch.length, performance.now() - started);
        return r;
      });
    },
    afterCommit: (batch, result) => {
      // PUBACKs in arrival order [MQTT-4.6.0-2]; the pipeline commits batches first-in first-out.
      // Corked: a batch's PUBACKs leave in a few socket writes instead of one syscall each.
      const stream = (client as unknown as { stream?: { cork?: () => void; uncork?: () => void } }).stream;
      stream?.cork?.();
      for (const item of batch) item.ack?.();
      stream?.uncork?.();
      metrics.countCommitted(result);
      for (const { deviceId, receipt } of result.plan.receipts) {
        client.publish(receiptTopic(deviceId), JSON.stringify(receipt), { qos: 1 }, (err) => {
          if (err) log.warn({ err, deviceId }, 'receipt not published; the panel will resend and get it then');
        });
      }
      emitter.emit('committed', result);
    },
  });

  const subscription = `${opts.sharedGroup ? `$share/${opts.sharedGroup}/` : ''}${TOPIC_ROOT}/+/+/+`;
  let intakeOpen = true;
  client.handleMessage = (packet, done) => {
    const topic = packet.topic;
    const payload = packet.payload as Buffer;
    const parsed = parseTopic(topic);
    // Receipts are ours, going the other way: on MQTT 3.1.1 there is no no-local flag to hide them.
    if (parsed.ok && parsed.channel === RECEIPT_CHANNEL) return done();
    if (!intakeOpen) {
      // Stopping: never acknowledged, so the broker resends it to our next session [MQTT-4.4.0-1].
      if (packet.qos > 0 && packet.messageId !== undefined) gate.defer(packet.messageId);
      return done();
    }
    metrics.received += 1;
    // DUP: the broker sent it before and got no PUBACK (we were killed or disconnected) [MQTT-3.3.1-1].
    if (packet.dup) metrics.redelivered += 1;
    const received: Received = { topic, payload, decoded: decodeTelemetry(topic, payload, now(), parsed) };
    const token = packet.qos > 0 && packet.messageId !== undefined ? gate.defer(packet.messageId) : null;
    const hasRoom = pipeline.push({ received, ack: token ? () => void gate.release(token) : undefined });
    // A full buffer withholds the callback: mqtt.js stops reading and TCP pushes back on the broker.
    if (hasRoom) done();
    else void pipeline.room().then(() => done());
  };

  client.on('connect', (connack) => {
    log.info({ sessionPresent: connack.sessionPresent, subscription }, 'connected to broker');
    client.subscribe(subscription, { qos: 1, ...(opts.protocolVersion === 5 ? { nl: true } : {}) }, (err, granted) => {
      if (err || granted?.some((g) => g.qos > 2)) log.error({ err, granted }, 'subscription refused by the broker');
    });
  });
  client.on('error', (err) => log.warn({ err }, 'broker connection error'));
  client.on('offline', () => log.warn('broker unreachable; reconnecting'));

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      client.end(true);
      reject(new Error(`cannot connect to MQTT broker at ${redactUrl(opts.mqttUrl)}: ${err.message}`));
    };
    client.once('connect', () => {
      client.off('error', onError);
      resolve();
    });
    client.once('error', onError);
    client.connect();
  });

  let stopping: Promise<void> | undefined;
  return Object.assign(emitter, {
    metrics,
    client,
    stop() {
      stopping ??= (async () => {
        // Stop intake first, then commit what was received, so its PUBACKs can still go out. Not by
        // UNSUBSCRIBE: that would drop the subscription from the persistent session, and the broker
        // would discard everything published until the next start (a restart would lose messages).
        intakeOpen = false;
        const flushed = await Promise.race([pipeline.idle().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
        if (!flushed) {
          pipeline.abandon();
          log.warn({ buffered: pipeline.buffered }, 'shutdown before commit; the broker will redeliver these');
        }
        // Forced when the flush failed: a graceful end would wait for acks that may never come.
        await client.endAsync(!flushed);
      })();
      return stopping;
    },
  });
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<invalid url>';
  }
}
