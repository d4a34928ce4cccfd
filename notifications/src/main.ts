/**
 * Stand-alone notifier process (scale-out deployments): DATABASE_URL → plans deliveries from the
 * event log and sends them. Everything it owns lives in the database, so it can be killed at any
 * moment and started again; several may run (they share the deliveries by SKIP LOCKED leases and
 * take turns on the event log through its offset row).
 */
import pino from 'pino';
import { ConfigError, envInt, envLogLevel, envUrl } from '@cityops/contracts';
import { createPool, databaseAnswers, migrate, readMetricsEndpointConfig, startEventLogListener, startMetricsEndpoint } from '@cityops/db';
import { readNotifierSettings } from './config.ts';
import { startNotifier } from './notifier.ts';

function readConfig(env: NodeJS.ProcessEnv) {
  const databaseUrl = envUrl(env, 'DATABASE_URL', ['postgres', 'postgresql']);
  if (!databaseUrl) throw new ConfigError('DATABASE_URL', 'is required for a stand-alone notifier');
  const publicUrl = envUrl(env, 'CITYOPS_PUBLIC_URL', ['http', 'https']);
  if (!publicUrl) throw new ConfigError('CITYOPS_PUBLIC_URL', 'is required for a stand-alone notifier: notifications link to incidents in the console there');
  return {
    databaseUrl,
    settings: readNotifierSettings(env, publicUrl),
    pollMs: envInt(env, 'CITYOPS_NOTIFY_POLL_MS', 500, 10, 60_000),
    dbPoolMax: envInt(env, 'CITYOPS_DB_POOL_MAX', 3, 1, 100),
    metricsEndpoint: readMetricsEndpointConfig(env),
    logLevel: envLogLevel(env),
  };
}

async function main(): Promise<void> {
  let config;
  try {
    config = readConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`cityops notifier: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = pino({ level: config.logLevel });
  const pool = createPool({ connectionString: config.databaseUrl, max: config.dbPoolMax, log, applicationName: 'cityops-notifier' });
  try {
    await migrate(pool, log);
  } catch (err) {
    process.stderr.write(`cityops notifier: cannot reach the database: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const notifier = startNotifier({ ...config.settings, pool, log, pollMs: config.pollMs });
  // Woken by any process's commit to the event log, not only at the next poll.
  const listener = startEventLogListener({ connectionString: config.databaseUrl, log, onCommit: () => notifier.wake() });
  const endpoint = config.metricsEndpoint
    ? await startMetricsEndpoint({
        config: config.metricsEndpoint,
        log,
        pool,
        families: () => notifier.metrics.families(),
        ready: () => databaseAnswers(pool),
      }).catch((err: Error) => {
        process.stderr.write(`cityops notifier: ${err.message}\n`);
        return process.exit(1);
      })
    : undefined;
  log.info({ publicUrl: config.settings.publicUrl, smtp: config.settings.smtp !== null }, 'notifier running');
  process.send?.({ ready: true });
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'stopping notifier');
    await endpoint?.close();
    await listener.stop();
    await notifier.stop();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

void main();
