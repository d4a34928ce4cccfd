import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { formerIngestSubscriptions, ingestSubscriptions, receiptTopic } from '@cityops/contracts';
import type { Pool } from '@cityops/db';
import { ingestStore, type CommitResult } from './ingest/batch-writer.ts';
import { retryingWrite } from './ingest/narrow-failures.ts';
import { startLane, redactUrl, DEFAULT_LINGER_MS, type Lane } from './ingest/ingest-lane.ts';
import { GatewayMetrics } from './metrics.ts';

export { redactUrl };

export interface LaneCredentials {
  clientId: string;
  username?: string | undefined;
  password?: string | undefined;
}

export interface GatewayOptions {
  mqttUrl: string;
  /** Service credentials on the broker (the embedded broker issues them; Mosquitto reads them from MQTT_URL). */
  username?: string | undefined;
  password?: string | undefined;
  /** 5 on Mosquitto (shared subscription, receive maximum); 4 on aedes, which speaks 3.1.1 only. */
  protocolVersion: 4 | 5;
  /** `$share/{group}/…` so replicas split the stream; needs MQTT 5 on the broker. */
  sharedGroup?: string | undefined;
  /** Stable client id of the telemetry lane: the broker keeps its session (and queue) while the gateway restarts. */
  clientId: string;
  /**
   * The fire lane's own sign-in (default: client id `{clientId}-fire`, the same credentials). On a
   * broker that makes client ids of user names (the shipped Mosquitto config) it needs its own user.
   */
  fire?: Partial<LaneCredentials> | undefined;
  pool: Pool;
  log: Logger;
  /** Largest window of received-but-uncommitted QoS 1 messages per lane (MQTT 5 Receive Maximum). */
  window?: number;
  maxBatch?: number;
  /**
   * How long a telemetry batch may wait to fill (default DEFAULT_LINGER_MS). Fire events never wait: their lane
   * writes as soon as it is free.
   */
  lingerMs?: number;
  /** How long the broker keeps the session while the gateway is away (MQTT 5). */
  sessionExpirySec?: number;
  now?: () => number;
}

export interface Gateway extends EventEmitter<{ committed: [CommitResult] }> {
  readonly metrics: GatewayMetrics;
  /** The fire lane and the telemetry lane (their MQTT clients, for probes and benches). */
  readonly lanes: readonly Pick<Lane, 'name' | 'client'>[];
  /** Both lanes connected to the broker. */
  connected(): boolean;
  /** Messages received and not yet committed, over both lanes. */
  buffered(): number;
  /** When a batch last committed (epoch ms), or when the gateway started. */
  lastCommitAt(): number;
  /** Stops intake, commits what was received, closes the connections. */
  stop(): Promise<void>;
}

/** Fire batches stay small: an alarm is committed with the few events beside it, never with a backlog. */
const FIRE_MAX_BATCH = 200;

/**
 * The ingest gateway: subscribes to the device topics at QoS 1 (ingestFilter in contracts/src/topics.ts),
 * validates, writes in batches, and acknowledges each message to the broker only after its batch
 * committed. Fire events have
 * their own lane (connection, broker session, pipeline), so no backlog of telemetry delays them.
 */
export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const log = opts.log.child({ component: 'ingest-gateway' });
  const now = opts.now ?? Date.now;
  const metrics = new GatewayMetrics();
  const emitter = new EventEmitter<{ committed: [CommitResult] }>();
  const window = opts.window ?? 5000;
  const store = ingestStore(opts.pool);
  let lastCommit = now();
  const common = { mqttUrl: opts.mqttUrl, metrics, log, now, window };
  const session = { protocolVersion: opts.protocolVersion, sessionExpirySec: opts.sessionExpirySec ?? 24 * 3600 };

  // Receipts leave through the fire lane's connection, known once it is up (commits come after).
  const receiptsVia: { client?: Lane['client'] } = {};
  const afterCommit = (result: CommitResult) => {
    lastCommit = now();
    metrics.countCommitted(result);
    for (const r of result.setAside)
      log.error(
        { topic: r.topic.slice(0, 200), payloadBase64: Buffer.from(r.payload).toString('base64') },
        'message set aside: the database refused it even as a dead letter',
      );
    for (const { deviceId, receipt } of result.receipts) {
      receiptsVia.client?.publish(receiptTopic(deviceId), JSON.stringify(receipt), { qos: 1 }, (err) => {
        if (err) log.warn({ err, deviceId }, 'receipt not published; the panel will resend and get it then');
      });
    }
    emitter.emit('committed', result);
  };

  const fireLane = await startLane<CommitResult>({
    ...common,
    name: 'fire',
    client: {
      ...session,
      clientId: opts.fire?.clientId ?? `${opts.clientId}-fire`,
      username: opts.fire?.username ?? opts.username,
      password: opts.fire?.password ?? opts.password,
    },
    subscriptions: ingestSubscriptions(['fire'], opts.sharedGroup),
    formerSubscriptions: formerIngestSubscriptions(opts.sharedGroup),
    maxBatch: Math.min(FIRE_MAX_BATCH, opts.maxBatch ?? FIRE_MAX_BATCH),
    lingerMs: 0,
    write: retryingWrite(store),
    afterCommit,
  });
  receiptsVia.client = fireLane.client;
  let telemetryLane: Lane;
  try {
    telemetryLane = await startLane<CommitResult>({
      ...common,
      name: 'telemetry',
      client: { ...session, clientId: opts.clientId, username: opts.username, password: opts.password },
      subscriptions: ingestSubscriptions(['camera', 'transit', 'queue'], opts.sharedGroup),
      formerSubscriptions: formerIngestSubscriptions(opts.sharedGroup),
      maxBatch: opts.maxBatch ?? 5000,
      lingerMs: opts.lingerMs ?? DEFAULT_LINGER_MS,
      write: retryingWrite(store),
      afterCommit,
    });
  } catch (err) {
    await fireLane.stop();
    throw err;
  }
  const lanes = [fireLane, telemetryLane];
  // A started gateway is subscribed (its lanes' former filters dropped), so callers can publish at once.
  await Promise.all(lanes.map((l) => l.subscribed));
  metrics.lanesConnected = () => Object.fromEntries(lanes.map((l) => [l.name, l.client.connected]));

  let stopping: Promise<void> | undefined;
  return Object.assign(emitter, {
    metrics,
    lanes,
    connected: () => lanes.every((l) => l.client.connected),
    buffered: () => lanes.reduce((n, l) => n + l.pipeline.pending, 0),
    lastCommitAt: () => lastCommit,
    stop() {
      stopping ??= Promise.all([telemetryLane.stop(), fireLane.stop()]).then(() => undefined);
      return stopping;
    },
  });
}
