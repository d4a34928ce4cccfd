import { createServer, type Server } from 'node:net';
import { Aedes, type Client } from 'aedes';
import type { Logger } from 'pino';
import { devicePublishPrefix, isDeviceId, parseTopic, RECEIPT_CHANNEL, receiptTopic, type DeviceKind } from '@cityops/contracts';

/** How the broker checks a device's credentials: the registry, with hashed secrets. */
export type DeviceAuthenticator = (deviceId: string, secret: string) => Promise<{ kind: DeviceKind } | null>;

export interface EmbeddedBrokerOptions {
  host?: string;
  port: number;
  authenticateDevice: DeviceAuthenticator;
  /** Our own services (gateway, console, simulator manager): full access. */
  serviceAccounts: ReadonlyMap<string, string>;
  log: Logger;
}

export interface EmbeddedBroker {
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

/**
 * The embedded MQTT broker (aedes): devices sign in as themselves and may publish only under
 * city/v1/{their kind}/{their id}/ and subscribe only to their own receipts (contract §2).
 */
export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const log = opts.log.child({ component: 'mqtt-broker' });
  const aedes = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      const secret = password?.toString('utf8') ?? '';
      if (!username) return done(authError('username required'), false);
      const service = opts.serviceAccounts.get(username);
      if (service !== undefined) {
        if (service === secret) {
          principals.set(client, { type: 'service', name: username });
          return done(null, true);
        }
        log.warn({ username }, 'service sign-in refused');
        return done(authError('bad credentials'), false);
      }
      if (!isDeviceId(username)) return done(authError('bad credentials'), false);
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
      const parsed = parseTopic(packet.topic);
      const own = packet.topic.startsWith(devicePublishPrefix(p.kind, p.id));
      if (own && !(parsed.ok && parsed.channel === RECEIPT_CHANNEL)) return done(null);
      log.warn({ deviceId: p.id, topic: packet.topic }, 'publish refused: a device publishes only under its own topic');
      done(new Error('publish not allowed'));
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
  const server: Server = createServer(aedes.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`MQTT port ${opts.port} is already in use (set CITYOPS_MQTT_PORT)`) : err));
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  log.info({ port }, 'embedded MQTT broker listening');
  return {
    port,
    url: `mqtt://${opts.host ?? '127.0.0.1'}:${port}`,
    aedes,
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
