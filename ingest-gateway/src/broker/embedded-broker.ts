import { createServer, type Server } from 'node:net';
import { Aedes, type Client } from 'aedes';
import type { Logger } from 'pino';
import { devicePublishAllowed, isDeviceId, receiptTopic, SERVICE_CLIENT_PREFIX, type DeviceKind } from '@cityops/contracts';
import { ackAfterIngest } from './ack-after-ingest.ts';

/** How the broker checks a device's credentials: the registry, with hashed secrets. */
export type DeviceAuthenticator = (deviceId: string, secret: string) => Promise<{ kind: DeviceKind } | null>;

export interface EmbeddedBrokerOptions {
  host?: string;
  port: number;
  authenticateDevice: DeviceAuthenticator;
  /** Our own services (the gateway's lanes): full access, under client ids beginning with "cityops-". */
  serviceAccounts: ReadonlyMap<string, string>;
  /**
   * Tells the broker of each device revoked from now on; it closes that device's connection at
   * once. Returns a stop function. Without it a revoked device keeps an open connection (its
   * messages are still refused by the gateway from the moment of revocation).
   */
  watchRevocations?: (onRevoked: (deviceId: string) => void) => Promise<{ stop(): Promise<void> }>;
  /** How long a device's QoS 1 message may wait for a gateway's acknowledgement (ack-after-ingest.ts). */
  maxAckWaitMs?: number;
  log: Logger;
}

export interface EmbeddedBroker {
  /** Device messages forwarded and not yet acknowledged by a gateway (their devices wait for a PUBACK). */
  awaitingIngest(): number;
  port: number;
  url: string;
  aedes: Aedes;
  close(): Promise<void>;
}

type Principal = { type: 'service'; name: string } | { type: 'device'; id: string; kind: DeviceKind };
const principals = new WeakMap<Client, Principal>();

function authError(message: string): Error & { returnCode: number } {
  // 4 = bad user name or password [MQTT-3.2.2-3] (CONNACK return code, MQTT 3.1.1).
  return Object.assign(new Error(message), { returnCode: 4 });
}

function identifierRejected(message: string): Error & { returnCode: number } {
  // 2 = identifier rejected [MQTT-3.2.2-3]: the client id is not one this user may use.
  return Object.assign(new Error(message), { returnCode: 2 });
}

/**
 * The embedded MQTT broker (aedes): devices sign in as themselves and may publish only under
 * city/v1/{their kind}/{their id}/ (fire panels: on their event topic only, devicePublishAllowed in
 * contracts/src/topics.ts) and subscribe only to their own receipts, as their roles on the
 * shipped Mosquitto (broker/dynsec/device-account-commands.ts): no device speaks for, or listens to, another.
 */
export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const log = opts.log.child({ component: 'mqtt-broker' });
  const aedes = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      const secret = password?.toString('utf8') ?? '';
      if (!username) return done(authError('username required'), false);
      const service = opts.serviceAccounts.get(username);
      if (service !== undefined) {
        if (service !== secret) {
          log.warn({ username }, 'service sign-in refused');
          return done(authError('bad credentials'), false);
        }
        if (!client.id.startsWith(SERVICE_CLIENT_PREFIX)) {
          log.warn({ username, clientId: client.id }, "service sign-in refused: client id outside the services' prefix");
          return done(identifierRejected(`service client ids begin with ${SERVICE_CLIENT_PREFIX}`), false);
        }
        principals.set(client, { type: 'service', name: username });
        return done(null, true);
      }
      if (!isDeviceId(username)) return done(authError('bad credentials'), false);
      // A device holds one session, under its own id: it can take over nobody else's (a gateway's
      // queued messages, another panel's receipts), and a second connection replaces its first.
      if (client.id !== username) {
        log.warn({ deviceId: username, clientId: client.id }, 'device sign-in refused: its client id must be its device id');
        return done(identifierRejected("a device's client id is its device id"), false);
      }
      opts.authenticateDevice(username, secret).then(
        (device) => {
          if (!device) {
            log.warn({ deviceId: username }, 'device sign-in refused');
            return done(authError('bad credentials'), false);
          }
          principals.set(client, { type: 'device', id: username, kind: device.kind });
          done(null, true);
        },
        (err: Error) => {
          log.error({ err, deviceId: username }, 'device registry unavailable');
          done(Object.assign(err, { returnCode: 3 }), false); // 3 = server unavailable
        },
      );
    },
    authorizePublish: (client, packet, done) => {
      const p = client ? principals.get(client) : undefined;
      if (!p) return done(new Error('not authenticated'));
      if (p.type === 'service') return done(null);
      if (!devicePublishAllowed(p.kind, p.id, packet.topic)) {
        log.warn({ deviceId: p.id, topic: packet.topic.slice(0, 200) }, 'publish refused: a device publishes only under its own topic');
        return done(new Error('publish not allowed'));
      }
      // Devices report; nothing of theirs is kept for later subscribers.
      packet.retain = false;
      if (packet.qos === 1) return acks.forward(client!, packet, done);
      if (packet.qos === 2) {
        log.warn({ deviceId: p.id }, 'publish refused: devices publish at QoS 1 (or 0) here');
        return done(new Error('QoS 2 not accepted from devices'));
      }
      done(null);
    },
    authorizeSubscribe: (client, sub, done) => {
      const p = principals.get(client);
      if (p?.type === 'service') return done(null, sub);
      if (p?.type === 'device' && p.kind === 'fire' && sub.topic === receiptTopic(p.id)) return done(null, sub);
      log.warn({ deviceId: p?.type === 'device' ? p.id : undefined, topic: sub.topic }, 'subscribe refused');
      // A null subscription answers SUBACK 0x80 (failure) and keeps the connection [MQTT-3.9.3-2].
      done(null, null);
    },
  });
  const acks = ackAfterIngest(aedes, {
    log,
    maxWaitMs: opts.maxAckWaitMs,
    isIngestClient: (client) => principals.get(client)?.type === 'service',
  });
  const revocations = await opts.watchRevocations?.((deviceId) => {
    for (const client of Object.values((aedes as unknown as { clients: Record<string, Client> }).clients)) {
      const p = principals.get(client);
      if (p?.type === 'device' && p.id === deviceId) {
        log.info({ deviceId }, 'device revoked: closing its connection');
        client.close();
      }
    }
  });
  const server: Server = createServer(aedes.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`MQTT port ${opts.port} is already in use (set CITYOPS_MQTT_PORT)`) : err),
    );
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  log.info({ port }, 'embedded MQTT broker listening');
  return {
    awaitingIngest: () => acks.waiting(),
    port,
    url: `mqtt://${opts.host ?? '127.0.0.1'}:${port}`,
    aedes,
    async close() {
      await revocations?.stop();
      acks.close();
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
