/**
 * Stand-alone ingest gateway process (docker-compose, scale-out, the crash test):
 * DATABASE_URL + MQTT_URL → validated, batched, committed, then acknowledged.
 */
import pino from 'pino';
import { ConfigError } from '@cityops/contracts';
import { createPool, databaseAnswers, migrate, readMetricsEndpointConfig, startMetricsEndpoint } from '@cityops/db';
import { readGatewayConfig } from './config.ts';
import { redactUrl, startGateway } from './gateway.ts';

async function main(): Promise<void> {
  let config;
  let metricsEndpoint;
  try {
    config = readGatewayConfig(process.env);
    metricsEndpoint = readMetricsEndpointConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`cityops ingest-gateway: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = pino({ level: config.logLevel, redact: ['password', '*.password'] });
  const pool = createPool({ connectionString: config.databaseUrl, max: config.dbPoolMax, log, applicationName: 'cityops-ingest' });
  try {
    await migrate(pool, log);
  } catch (err) {
    process.stderr.write(`cityops ingest-gateway: cannot reach the database at ${redactUrl(config.databaseUrl)}: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const gateway = await startGateway({
    fire: config.fire,
    mqttUrl: config.mqttUrl,
    username: config.username,
    password: config.password,
    protocolVersion: config.protocolVersion,
    clientId: config.clientId,
    sharedGroup: config.sharedGroup,
    window: config.window,
    lingerMs: config.lingerMs,
    pool,
    log,
  }).catch((err: Error) => {
    process.stderr.write(`cityops ingest-gateway: ${err.message}\n`);
    process.exit(1);
  });
  // Prometheus and the orchestrator's probes (CITYOPS_METRICS_PORT): ready while it can store and receive.
  const endpoint = metricsEndpoint
    ? await startMetricsEndpoint({
        config: metricsEndpoint,
        log,
        pool,
        families: () => gateway.metrics.families(gateway.buffered()),
        ready: async () => gateway.connected() && (await databaseAnswers(pool)),
      }).catch((err: Error) => {
        process.stderr.write(`cityops ingest-gateway: ${err.message}\n`);
        return process.exit(1);
      })
    : undefined;
  log.info({ clientId: config.clientId }, 'ingest gateway running');
  process.send?.({ ready: true });
  // Counters since this process started: an operator's throughput line, and what the crash test
  // reads to prove the broker redelivered (a killed process cannot report at exit).
  const logStats = () => {
    const { received, redelivered, stored, duplicates, deadLettered, batches } = gateway.metrics;
    log.info({ received, redelivered, stored, duplicates, deadLettered, batches }, 'ingest stats');
  };
  const statsTimer = config.statsIntervalMs > 0 ? setInterval(logStats, config.statsIntervalMs) : undefined;
  statsTimer?.unref();
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'stopping: intake off, flushing, closing');
    clearInterval(statsTimer);
    await endpoint?.close();
    await gateway.stop();
    logStats();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

void main();
