import { ConfigError, envInt, envLogLevel, envString, envUrl } from '@cityops/contracts';

/** Configuration of a stand-alone gateway process (the embedded stack passes its own). */
export interface GatewayProcessConfig {
  databaseUrl: string;
  mqttUrl: string;
  protocolVersion: 4 | 5;
  clientId: string;
  sharedGroup: string | undefined;
  window: number;
  /** Pool size; 1 against the embedded database, which serves one connection at a time. */
  dbPoolMax: number;
  /** Interval of the "ingest stats" info line (counters since start); 0 turns it off. */
  statsIntervalMs: number;
  logLevel: ReturnType<typeof envLogLevel>;
}

export function readGatewayConfig(env: Readonly<Record<string, string | undefined>>): GatewayProcessConfig {
  const databaseUrl = envUrl(env, 'DATABASE_URL', ['postgres', 'postgresql']);
  if (!databaseUrl) throw new ConfigError('DATABASE_URL', 'is required for a stand-alone gateway');
  const mqttUrl = envUrl(env, 'MQTT_URL', ['mqtt', 'mqtts', 'tcp', 'ssl', 'ws', 'wss']);
  if (!mqttUrl) throw new ConfigError('MQTT_URL', 'is required for a stand-alone gateway');
  const protocolVersion = envInt(env, 'CITYOPS_MQTT_PROTOCOL', 5, 4, 5) as 4 | 5;
  const shared = envString(env, 'CITYOPS_INGEST_SHARED_GROUP', '');
  if (shared && protocolVersion !== 5) throw new ConfigError('CITYOPS_INGEST_SHARED_GROUP', 'needs CITYOPS_MQTT_PROTOCOL=5');
  return {
    databaseUrl,
    mqttUrl,
    protocolVersion,
    clientId: envString(env, 'CITYOPS_INGEST_CLIENT_ID', 'cityops-ingest-1')!,
    sharedGroup: shared || undefined,
    window: envInt(env, 'CITYOPS_INGEST_WINDOW', 5000, 1, 65_535),
    dbPoolMax: envInt(env, 'CITYOPS_DB_POOL_MAX', 4, 1, 100),
    statsIntervalMs: envInt(env, 'CITYOPS_INGEST_STATS_MS', 60_000, 0, 86_400_000),
    logLevel: envLogLevel(env),
  };
}
