import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, envFlag, envInt, envLogLevel, envPort, envString, envUrl } from '@cityops/contracts';
import { readConsoleConfig, type ConsoleConfig } from '@cityops/console-server';
import { brokerAdminUrl, ingestLingerMs, laneSignIns, type LaneSignIns } from '@cityops/ingest-gateway';
import { readNotifierSettings, type NotifierSettings } from '@cityops/notifications';

/** Everything `npm start` reads (README, "Configuration"), validated before anything connects. */
export interface StackConfig {
  console: ConsoleConfig;
  dataDir: string;
  databaseUrl: string | undefined;
  mqttUrl: string | undefined;
  /** The external broker's admin sign-in (CITYOPS_MQTT_ADMIN_PASSWORD): device accounts are kept there too. */
  mqttAdminUrl: string | undefined;
  mqttPort: number;
  /** Both database and broker embedded: demo accounts are created only then. */
  embeddedDefaults: boolean;
  simulate: boolean;
  scenario: string;
  simulateRate: number;
  demoPassword: string | undefined;
  /**
   * How the in-process gateway's two lanes sign in: stable client ids (the broker keeps their
   * sessions across restarts), on an external broker as the URL's user and `{user}-fire`.
   */
  ingest: LaneSignIns;
  ingestSharedGroup: string | undefined;
  /** How long a telemetry batch may wait to fill (CITYOPS_INGEST_LINGER_MS). */
  ingestLingerMs: number;
  /**
   * Whether this process runs alerting's rule engine and escalations (CITYOPS_ALERTING, default 1).
   * On PostgreSQL it leads or stands by beside the other alerting processes; 0 leaves the work to
   * stand-alone ones (alerting/src/main.ts). People's commands (acknowledge, rules…) work either way.
   */
  alerting: boolean;
  logLevel: ReturnType<typeof envLogLevel>;
  /** GeoJSON of the city's fire stations, loaded at start; unset → the bundled sample set with the simulated fleet only. */
  fireStationsFile: string | undefined;
  /** Outgoing notifications: the console's public address for links ('' when unset: the console's own), SMTP, retry and give-up times. */
  notifications: NotifierSettings;
}

export const WEB_DIST = resolve(import.meta.dirname, '..', '..', 'ops-console', 'web', 'dist');

export function readStackConfig(env: Readonly<Record<string, string | undefined>>): StackConfig {
  const databaseUrl = envUrl(env, 'DATABASE_URL', ['postgres', 'postgresql']);
  const mqttUrl = envUrl(env, 'MQTT_URL', ['mqtt', 'mqtts', 'tcp', 'ssl']);
  const embeddedDefaults = !databaseUrl && !mqttUrl;
  if (!mqttUrl && envString(env, 'CITYOPS_INGEST_SHARED_GROUP'))
    throw new ConfigError('CITYOPS_INGEST_SHARED_GROUP', 'needs MQTT_URL: the embedded broker (MQTT 3.1.1) has no shared subscriptions');
  const demoPassword = envString(env, 'CITYOPS_DEMO_PASSWORD');
  if (demoPassword !== undefined && demoPassword.length < 8) throw new ConfigError('CITYOPS_DEMO_PASSWORD', 'must be at least 8 characters');
  const scenario = envString(env, 'CITYOPS_SCENARIO', 'normal-day')!;
  if (!['normal-day', 'fire-outbreak'].includes(scenario)) throw new ConfigError('CITYOPS_SCENARIO', `must be normal-day or fire-outbreak, got "${scenario}"`);
  const alerting = envFlag(env, 'CITYOPS_ALERTING', true);
  if (!alerting && !databaseUrl)
    throw new ConfigError('CITYOPS_ALERTING', 'can be 0 only with DATABASE_URL: on the embedded database no other process can run alerting');
  const consoleConfig = readConsoleConfig(env, WEB_DIST);
  return {
    console: consoleConfig,
    dataDir: resolve(envString(env, 'CITYOPS_DATA_DIR', './data')!),
    databaseUrl,
    mqttUrl,
    mqttAdminUrl: brokerAdminUrl(env, mqttUrl),
    mqttPort: envPort(env, 'CITYOPS_MQTT_PORT', 1883),
    embeddedDefaults,
    simulate: envFlag(env, 'CITYOPS_SIMULATE', embeddedDefaults),
    scenario,
    simulateRate: envInt(env, 'CITYOPS_SIMULATE_RATE', 1, 1, 100),
    demoPassword,
    // On the embedded broker the lanes sign in as its service account, under these client ids.
    ingest: laneSignIns(env, mqttUrl ?? 'mqtt://127.0.0.1'),
    ingestSharedGroup: envString(env, 'CITYOPS_INGEST_SHARED_GROUP'),
    alerting,
    ingestLingerMs: ingestLingerMs(env),
    logLevel: envLogLevel(env),
    fireStationsFile: fireStationsFile(env),
    // No CITYOPS_PUBLIC_URL: '' here, and the stack links to the address it listens on (the port bound, not 0).
    notifications: readNotifierSettings(env, ''),
  };
}

function fireStationsFile(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const raw = envString(env, 'CITYOPS_FIRE_STATIONS_FILE');
  if (raw === undefined) return undefined;
  const path = resolve(raw);
  if (!existsSync(path)) throw new ConfigError('CITYOPS_FIRE_STATIONS_FILE', `names no file: ${path}`);
  return path;
}
