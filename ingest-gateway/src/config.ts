import { ConfigError, envInt, envLogLevel, envString, envUrl } from '@cityops/contracts';

/** Configuration of a stand-alone gateway process (the embedded stack passes its own). */
export interface GatewayProcessConfig {
  databaseUrl: string;
  mqttUrl: string;
  protocolVersion: 4 | 5;
  clientId: string;
  sharedGroup: string | undefined;
  window: number;
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
    logLevel: envLogLevel(env),
  };
}
