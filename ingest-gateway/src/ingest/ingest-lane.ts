import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { decodeTelemetry, parseTopic, RECEIPT_CHANNEL } from '@cityops/contracts';
import { PubackGate } from '../mqtt/puback-gate.ts';
import type { Received } from '../pipeline/plan-batch.ts';
import type { GatewayMetrics } from '../metrics.ts';
import { IngestPipeline } from './ingest-pipeline.ts';

/**
 * Telemetry may wait this long for company. At 5,000 msg/s a batch then holds ~360 rows (~100 at
 * 20 ms, ~20 with none), goes by COPY, and the server spends 8,700 instead of 6,900 msg per
 * vCPU-second (bench (f)). A camera status or queue load reaches the wall map at most this much
 * later; fire events never wait.
 */
export const DEFAULT_LINGER_MS = 100;

export interface LaneItem {
  received: Received;
  ack: (() => void) | undefined;
}

export interface LaneOptions<R> {
  name: 'fire' | 'telemetry';
  mqttUrl: string;
  client: Pick<IClientOptions, 'clientId' | 'username' | 'password' | 'protocolVersion'> & { sessionExpirySec: number };
  subscriptions: string[];
  /** Filters an earlier release's session may hold that this lane no longer wants: unsubscribed once connected. */
  formerSubscriptions?: readonly string[];
  /** Largest window of received-but-uncommitted QoS 1 messages (MQTT 5 Receive Maximum). */
  window: number;
  maxBatch: number;
  /** How long a batch may wait to fill (ingest-pipeline.ts); 0 for fire events, which never wait. */
  lingerMs: number;
  write: (batch: readonly Received[]) => Promise<R>;
  /** After a commit, once the batch's PUBACKs are out. */
  afterCommit: (result: R) => void;
  metrics: GatewayMetrics;
  log: Logger;
  now: () => number;
}

export interface Lane {
  readonly name: LaneOptions<unknown>['name'];
  readonly client: MqttClient;
  readonly pipeline: IngestPipeline<LaneItem, unknown>;
  /**
   * Settles once the first connection's subscriptions are answered. Not awaited by startLane: on a
   * session the broker kept, queued messages may arrive (and commit) before the SUBACK, and whatever
   * acts on a commit (the fire receipts) must have the lane by then.
   */
  readonly subscribed: Promise<void>;
  /** Stops intake, commits what was received, closes the connection. */
  stop(): Promise<void>;
}

/**
 * One connection to the broker, its subscriptions and its own pipeline. The gateway runs a lane for
 * fire events and one for bulk telemetry, so an alarm never waits behind a backlog of camera
 * statuses, neither in the broker's queue for our session nor in our buffer.
 */
export async function startLane<R>(opts: LaneOptions<R>): Promise<Lane> {
  const log = opts.log.child({ lane: opts.name, clientId: opts.client.clientId, user: opts.client.username });
  const clientOptions: IClientOptions = {
    ...opts.client,
    clean: false,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    keepalive: 30,
    // mqtt.js formats a debug line per packet even when debug output is off (~2 % of the hot path).
    log: () => undefined,
    ...(opts.client.protocolVersion === 5
      ? { properties: { sessionExpiryInterval: opts.client.sessionExpirySec, receiveMaximum: Math.min(opts.window, 65_535) } }
      : {}),
  };
  // Credentials in the URL would override the lane's own (mqtt.js prefers the URL's): strip them.
  const client = mqtt.connect(withoutCredentials(opts.mqttUrl), { ...clientOptions, manualConnect: true });
  const gate = new PubackGate(client);

  const pipeline = new IngestPipeline<LaneItem, R>({
    log,
    maxBatch: opts.maxBatch,
    lingerMs: opts.lingerMs,
    highWater: opts.window * 2,
    write: (batch) => {
      const started = performance.now();
      return opts.write(batch.map((i) => i.received)).then((r) => {
        opts.metrics.observeBatch(opts.name, batch.length, performance.now() - started);
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
      opts.afterCommit(result);
    },
  });

  let intakeOpen = true;
  client.handleMessage = (packet, done) => {
    const topic = packet.topic;
    const payload = packet.payload as Buffer;
    const parsed = parseTopic(topic);
    // Our own receipts: no filter of ours matches them, but a session from an earlier release may
    // hold its broad fire filter until the UNSUBSCRIBE below has gone through.
    if (parsed.ok && parsed.channel === RECEIPT_CHANNEL) return done();
    if (!intakeOpen) {
      // Stopping: never acknowledged, so the broker resends it to our next session [MQTT-4.4.0-1].
      if (packet.qos > 0 && packet.messageId !== undefined) gate.defer(packet.messageId);
      return done();
    }
    opts.metrics.received += 1;
    // DUP: the broker sent it before and got no PUBACK (we were killed or disconnected) [MQTT-3.3.1-1].
    if (packet.dup) opts.metrics.redelivered += 1;
    const received: Received = { topic, payload, decoded: decodeTelemetry(topic, payload, opts.now(), parsed) };
    const token = packet.qos > 0 && packet.messageId !== undefined ? gate.defer(packet.messageId) : null;
    const hasRoom = pipeline.push({ received, ack: token ? () => void gate.release(token) : undefined });
    // A full buffer withholds the callback: mqtt.js stops reading and TCP pushes back on the broker.
    // If the connection was replaced meanwhile, the late callback gets an error: no PUBACK goes out
    // on the new connection for a packet id that now names another message (puback-gate.ts).
    if (hasRoom) done();
    else void pipeline.room().then(() => (token && !gate.isCurrent(token) ? done(new Error('connection replaced')) : done()));
  };

  const former = (opts.formerSubscriptions ?? []).filter((f) => !opts.subscriptions.includes(f));
  /** Subscribes on every connection; errors are logged, and the connection goes on. */
  const subscribe = async (sessionPresent: boolean): Promise<void> => {
    const granted = await client.subscribeAsync(opts.subscriptions, { qos: 1 });
    if (granted.some((g) => g.qos > 2)) return void log.error({ granted }, 'subscription refused by the broker');
    // Only after the new filters hold: in between, a message matching both is delivered twice
    // (and stored once), whereas dropping the old filter first could leave a message unmatched.
    if (sessionPresent && former.length > 0) {
      await client.unsubscribeAsync(former).catch((err: Error) => log.warn({ err, former }, "could not drop an earlier release's subscription"));
    }
  };
  // The first connection's answer settles Lane.subscribed.
  let firstSubscription: Promise<void> | undefined;
  client.on('connect', (connack) => {
    log.info({ sessionPresent: connack.sessionPresent, subscriptions: opts.subscriptions }, 'connected to broker');
    const answered = subscribe(connack.sessionPresent).catch((err: Error) => log.error({ err }, 'subscription refused by the broker'));
    firstSubscription ??= answered;
  });
  client.on('error', (err) => log.warn({ err }, 'broker connection error'));
  client.on('offline', () => log.warn('broker unreachable; reconnecting'));

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      client.end(true);
      reject(new Error(`cannot connect to MQTT broker at ${redactUrl(opts.mqttUrl)} as ${opts.client.clientId}: ${err.message}`));
    };
    client.once('connect', () => {
      client.off('error', onError);
      resolve();
    });
    client.once('error', onError);
    client.connect();
  });

  let stopping: Promise<void> | undefined;
  return {
    name: opts.name,
    client,
    pipeline: pipeline as IngestPipeline<LaneItem, unknown>,
    subscribed: firstSubscription!,
    stop() {
      stopping ??= (async () => {
        // Stop intake first, then commit what was received, so its PUBACKs can still go out. Not by
        // UNSUBSCRIBE: that would drop the subscription from the persistent session, and the broker
        // would discard everything published until the next start (a restart would lose messages).
        intakeOpen = false;
        pipeline.flushNow();
        let timer: NodeJS.Timeout | undefined;
        const flushed = await Promise.race([pipeline.idle().then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 10_000)))]);
        clearTimeout(timer);
        if (!flushed) {
          pipeline.abandon();
          log.warn({ buffered: pipeline.buffered }, 'shutdown before commit; the broker will redeliver these');
        }
        // Forced when the flush failed: a graceful end would wait for acks that may never come.
        await client.endAsync(!flushed);
      })();
      return stopping;
    },
  };
}

function withoutCredentials(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString();
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
