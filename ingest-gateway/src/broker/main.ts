/**
 * The embedded aedes broker as a process of its own (the crash test on a machine without Mosquitto,
 * or a broker kept running while the rest restarts). Devices sign in against the registry in
 * DATABASE_URL; our services with the accounts in CITYOPS_SERVICE_ACCOUNTS. aedes speaks MQTT 3.1.1
 * only: clients use protocol 4 and no shared subscriptions.
 *
 *   DATABASE_URL=postgres://… CITYOPS_MQTT_PORT=1883 CITYOPS_SERVICE_ACCOUNTS=cityops-service:secret \
 *     npx tsx ingest-gateway/src/broker/main.ts
 *
 * Prints one JSON line `{"url": …}` on stdout when listening (and sends it over IPC when forked).
 * Sessions and queues live in memory: they survive a client's restart, not the broker's.
 */
import pino from 'pino';
import { ConfigError, envInt, envLogLevel, envPort, envString, envUrl } from '@cityops/contracts';
import { authenticateDevice, createPool, watchDeviceRevocations } from '@cityops/db';
import { startEmbeddedBroker } from './embedded-broker.ts';

interface BrokerProcessConfig {
  databaseUrl: string;
  port: number;
  serviceAccounts: Map<string, string>;
  dbPoolMax: number;
  logLevel: ReturnType<typeof envLogLevel>;
}

function readBrokerConfig(env: Readonly<Record<string, string | undefined>>): BrokerProcessConfig {
  const databaseUrl = envUrl(env, 'DATABASE_URL', ['postgres', 'postgresql']);
  if (!databaseUrl) throw new ConfigError('DATABASE_URL', 'is required: devices sign in against its registry');
  const serviceAccounts = new Map<string, string>();
  for (const entry of (envString(env, 'CITYOPS_SERVICE_ACCOUNTS', '') ?? '').split(',').filter(Boolean)) {
    const at = entry.indexOf(':');
    if (at <= 0 || at === entry.length - 1) throw new ConfigError('CITYOPS_SERVICE_ACCOUNTS', 'must be user:password[,user:password…]');
    serviceAccounts.set(entry.slice(0, at), entry.slice(at + 1));
  }
  if (serviceAccounts.size === 0) throw new ConfigError('CITYOPS_SERVICE_ACCOUNTS', 'must name at least one user:password');
  return {
    databaseUrl,
    port: envPort(env, 'CITYOPS_MQTT_PORT', 1883),
    serviceAccounts,
    // Against the embedded database (one connection at a time) keep this at 1.
    dbPoolMax: envInt(env, 'CITYOPS_DB_POOL_MAX', 2, 1, 100),
    logLevel: envLogLevel(env),
  };
}

async function main(): Promise<void> {
  let config: BrokerProcessConfig;
  try {
    config = readBrokerConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`cityops broker: ${err.message}\n`);
    process.exit(2);
  }
  const log = pino({ level: config.logLevel, redact: ['password', '*.password'] }, pino.destination(2));
  const pool = createPool({ connectionString: config.databaseUrl, max: config.dbPoolMax, log, applicationName: 'cityops-broker' });
  let broker;
  try {
    broker = await startEmbeddedBroker({
      port: config.port,
      log,
      serviceAccounts: config.serviceAccounts,
      authenticateDevice: (id, secret) => authenticateDevice(pool, id, secret),
      watchRevocations: (onRevoked) => watchDeviceRevocations(pool, log, onRevoked),
    });
  } catch (err) {
    process.stderr.write(`cityops broker: ${(err as Error).message}\n`);
    process.exit(1);
  }
  broker.aedes.on('clientError', (client, err) => log.warn({ err, clientId: client.id }, 'client connection failed'));
  broker.aedes.on('connectionError', (client, err) => log.warn({ err, clientId: client.id }, 'client connection refused'));
  const ready = { url: broker.url, port: broker.port, pid: process.pid };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.send?.(ready);
  const stop = async (signal: string) => {
    log.info({ signal }, 'stopping broker');
    await broker.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

void main();
