import { ConfigError, envInt, envLogLevel, envString, envUrl, SERVICE_CLIENT_PREFIX } from '@cityops/contracts';
import { BROKER_ADMIN_USER } from './broker/dynsec/dynsec-seed.ts';
import { DEFAULT_LINGER_MS } from './ingest/ingest-lane.ts';

/** Configuration of a stand-alone gateway process (the embedded stack passes its own). */
export interface GatewayProcessConfig {
  databaseUrl: string;
  mqttUrl: string;
  protocolVersion: 4 | 5;
  clientId: string;
  username: string | undefined;
  password: string | undefined;
  fire: LaneSignIns['fire'];
  sharedGroup: string | undefined;
  window: number;
  /** How long a telemetry batch may wait to fill (fire events never wait). */
  lingerMs: number;
  /** Pool size; 1 against the embedded database, which serves one connection at a time. */
  dbPoolMax: number;
  /** Interval of the "ingest stats" info line (counters since start); 0 turns it off. */
  statsIntervalMs: number;
  logLevel: ReturnType<typeof envLogLevel>;
}

export interface LaneSignIns {
  clientId: string;
  username: string | undefined;
  password: string | undefined;
  /** The fire lane's sign-in: its own client id, and on Mosquitto its own user (client id = user name there). */
  fire: { clientId: string; username: string | undefined; password: string | undefined };
}

/**
 * How a gateway's two lanes sign in to the broker named by `mqttUrl`: the telemetry lane as the
 * URL's user, the fire lane as `{user}-fire` with the same password (CITYOPS_INGEST_FIRE_USERNAME /
 * _PASSWORD override it). Client ids default to the user name, which is what the shipped Mosquitto
 * config makes them anyway; they must begin with "cityops-", a prefix no device id may have.
 */
export function laneSignIns(env: Readonly<Record<string, string | undefined>>, mqttUrl: string, defaultClientId = 'cityops-ingest-1'): LaneSignIns {
  const url = new URL(mqttUrl);
  const username = decodeURIComponent(url.username) || undefined;
  const password = decodeURIComponent(url.password) || undefined;
  const clientId = envString(env, 'CITYOPS_INGEST_CLIENT_ID', username?.startsWith(SERVICE_CLIENT_PREFIX) ? username : defaultClientId)!;
  if (!clientId.startsWith(SERVICE_CLIENT_PREFIX))
    throw new ConfigError('CITYOPS_INGEST_CLIENT_ID', `must start with "${SERVICE_CLIENT_PREFIX}" (client ids no device may take)`);
  return {
    clientId,
    username,
    password,
    fire: {
      clientId: `${clientId}-fire`,
      username: envString(env, 'CITYOPS_INGEST_FIRE_USERNAME', username ? `${username}-fire` : '') || undefined,
      password: envString(env, 'CITYOPS_INGEST_FIRE_PASSWORD', password ?? '') || undefined,
    },
  };
}

/**
 * Where cityops signs in to manage device accounts on an external Mosquitto (its dynamic security
 * plugin): the broker of `MQTT_URL`, as the admin user the seed file creates, with
 * CITYOPS_MQTT_ADMIN_PASSWORD. Unset: device accounts are not kept on the broker by cityops.
 */
export function brokerAdminUrl(env: Readonly<Record<string, string | undefined>>, mqttUrl: string | undefined): string | undefined {
  const password = envString(env, 'CITYOPS_MQTT_ADMIN_PASSWORD');
  if (password === undefined) return undefined;
  if (!mqttUrl) throw new ConfigError('CITYOPS_MQTT_ADMIN_PASSWORD', 'needs MQTT_URL: the embedded broker keeps device accounts in the registry itself');
  const url = new URL(mqttUrl);
  url.username = BROKER_ADMIN_USER;
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** CITYOPS_INGEST_LINGER_MS, read by the stand-alone gateway and by `cityops start`'s own. */
export function ingestLingerMs(env: Readonly<Record<string, string | undefined>>): number {
  return envInt(env, 'CITYOPS_INGEST_LINGER_MS', DEFAULT_LINGER_MS, 0, 1000);
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
    ...laneSignIns(env, mqttUrl),
    sharedGroup: shared || undefined,
    window: envInt(env, 'CITYOPS_INGEST_WINDOW', 5000, 1, 65_535),
    lingerMs: ingestLingerMs(env),
    dbPoolMax: envInt(env, 'CITYOPS_DB_POOL_MAX', 4, 1, 100),
    statsIntervalMs: envInt(env, 'CITYOPS_INGEST_STATS_MS', 60_000, 0, 86_400_000),
    logLevel: envLogLevel(env),
  };
}
