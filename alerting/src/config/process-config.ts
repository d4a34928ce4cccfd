import { ConfigError, envFlag, envInt, envLogLevel, envUrl } from '@cityops/contracts';

/** Configuration of a stand-alone alerting process (the embedded stack passes its own). */
export interface AlertingProcessConfig {
  databaseUrl: string;
  /** How often time-driven rules and escalations run. */
  tickMs: number;
  /** Fallback poll of the event log (ms); in one process the gateway wakes alerting at once. */
  pollMs: number;
  dbPoolMax: number;
  /** Lead or stand by beside other alerting processes (CITYOPS_ALERTING_LEASE, default 1); 0: the only one, no lease. */
  lease: boolean;
  /** How often a standby tries to take over from the leading process (ms): the longest a dead leader is missed. */
  takeoverMs: number;
  logLevel: ReturnType<typeof envLogLevel>;
}

export function readAlertingConfig(env: Readonly<Record<string, string | undefined>>): AlertingProcessConfig {
  const databaseUrl = envUrl(env, 'DATABASE_URL', ['postgres', 'postgresql']);
  if (!databaseUrl) throw new ConfigError('DATABASE_URL', 'is required for a stand-alone alerting process');
  return {
    databaseUrl,
    tickMs: envInt(env, 'CITYOPS_ALERTING_TICK_MS', 5000, 100, 60_000),
    pollMs: envInt(env, 'CITYOPS_ALERTING_POLL_MS', 200, 10, 10_000),
    dbPoolMax: envInt(env, 'CITYOPS_DB_POOL_MAX', 2, 1, 100),
    lease: envFlag(env, 'CITYOPS_ALERTING_LEASE', true),
    takeoverMs: envInt(env, 'CITYOPS_ALERTING_TAKEOVER_MS', 1000, 50, 60_000),
    logLevel: envLogLevel(env),
  };
}
