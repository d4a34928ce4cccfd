/**
 * Stand-alone alerting process (scale-out deployments, the restart test): DATABASE_URL → the rule
 * engine on the event log, escalations on the clock. Everything it owns lives in the database, so
 * it can be killed at any moment and started again, and a standby beside it takes over meanwhile.
 */
import pino from 'pino';
import { ConfigError } from '@cityops/contracts';
import { connectedToPglite, createPool, databaseAnswers, migrate, readMetricsEndpointConfig, startEventLogListener, startMetricsEndpoint } from '@cityops/db';
import { readAlertingConfig } from './config/process-config.ts';
import { startAlerting } from './incident-service.ts';

async function main(): Promise<void> {
  let config;
  let metricsEndpoint;
  try {
    config = readAlertingConfig(process.env);
    metricsEndpoint = readMetricsEndpointConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`cityops alerting: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = pino({ level: config.logLevel });
  const pool = createPool({ connectionString: config.databaseUrl, max: config.dbPoolMax, log, applicationName: 'cityops-alerting' });
  try {
    await migrate(pool, log);
  } catch (err) {
    process.stderr.write(`cityops alerting: cannot reach the database: ${(err as Error).message}\n`);
    process.exit(1);
  }
  // Any number of these may run: one leads, the others stand by and take over when it dies. Not on
  // the embedded database, which serves one connection at a time and would give its slot to the
  // lease for good: there this is the only alerting process, as with CITYOPS_ALERTING_LEASE=0.
  const lease = config.lease && !(await connectedToPglite(pool));
  if (config.lease && !lease) log.warn('embedded database: running as the only alerting process, without a lease (start no other)');
  const alerting = startAlerting({
    pool,
    log,
    tickMs: config.tickMs,
    pollMs: config.pollMs,
    ...(lease ? { leadership: { connectionString: config.databaseUrl, pollMs: config.takeoverMs } } : {}),
  });
  // Woken by any process's commit to the event log (a gateway's fire alarm), not only at the next poll.
  const listener = startEventLogListener({ connectionString: config.databaseUrl, log, onCommit: () => alerting.wake() });
  // Prometheus and the orchestrator's probes: a standby is ready too (it is doing its job).
  const endpoint = metricsEndpoint
    ? await startMetricsEndpoint({ config: metricsEndpoint, log, pool, families: () => alerting.families(), ready: () => databaseAnswers(pool) }).catch(
        (err: Error) => {
          process.stderr.write(`cityops alerting: ${err.message}\n`);
          return process.exit(1);
        },
      )
    : undefined;
  log.info({ tickMs: config.tickMs }, 'alerting running');
  process.send?.({ ready: true });
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'stopping alerting');
    await endpoint?.close();
    await listener.stop();
    await alerting.stop();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

void main();
