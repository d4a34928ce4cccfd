import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { freePort, type PrivateMosquitto } from '@cityops/ingest-gateway/src/testing/private-mosquitto.ts';
import { ServiceProcess } from './service-process.ts';

export const SHARED_GROUP = 'cityops-ingest';

export interface ScaleOutCluster {
  gateways: ServiceProcess[];
  consoles: ServiceProcess[];
  alerting: ServiceProcess[];
  consoleUrls: string[];
  /** The alerting process that leads now (the last to log taking the lease among those running). */
  leadingAlerting(): ServiceProcess | undefined;
  stop(): Promise<void>;
}

/** What a process inherits: nothing of the machine's services or of vitest's own variables. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('CITYOPS_') || k.startsWith('VITEST') || k === 'MQTT_URL' || k === 'REDIS_URL') delete env[k];
  return env;
}

const LEASE_TAKEN = /"msg":"lease taken: this process leads"/g;
const LEASE_LOST = /"msg":"lease (lost|given up)/g;

/**
 * The production shape of docker-compose.yml, scaled out, on the test's PostgreSQL and a private
 * Mosquitto with the shipped config: `gateways` stand-alone ingest gateways and `consoles` console
 * replicas (each with its in-process gateway, all in one shared subscription group, each under its
 * own service user and client id), and `alerting` stand-alone alerting processes, one leading.
 * The consoles run no rule engine of their own (CITYOPS_ALERTING=0), so alerting's leader is
 * always one of those processes. The broker must be seeded with `gateways + consoles - 1` gateway users.
 */
export async function startScaleOutCluster(
  db: TestDatabase,
  broker: PrivateMosquitto,
  o: { gateways: number; consoles: number; alerting: number; alertingTickMs: number; takeoverMs: number },
): Promise<ScaleOutCluster> {
  const dataDirs: string[] = [];
  const mqttUrl = (user: string) => `mqtt://${user}:${broker.service.password}@127.0.0.1:${broker.port}`;
  const ingestEnv = (user: string) => ({
    MQTT_URL: mqttUrl(user),
    CITYOPS_INGEST_CLIENT_ID: user,
    CITYOPS_INGEST_SHARED_GROUP: SHARED_GROUP,
    CITYOPS_MQTT_PROTOCOL: '5',
  });
  const alerting = Array.from(
    { length: o.alerting },
    (_, i) =>
      new ServiceProcess({
        name: `alerting-${i + 1}`,
        entry: 'alerting/src/main.ts',
        env: {
          ...baseEnv(),
          DATABASE_URL: db.connectionString,
          CITYOPS_ALERTING_TICK_MS: String(o.alertingTickMs),
          CITYOPS_ALERTING_TAKEOVER_MS: String(o.takeoverMs),
          // Info: the lease's hand-overs are read from the log.
          LOG_LEVEL: 'info',
        },
        ready: 'ipc',
      }),
  );
  const gateways = Array.from(
    { length: o.gateways },
    (_, i) =>
      new ServiceProcess({
        name: `gateway-${i + 1}`,
        entry: 'ingest-gateway/src/main.ts',
        env: { ...baseEnv(), DATABASE_URL: db.connectionString, ...ingestEnv(`cityops-ingest-${i + 1}`), LOG_LEVEL: 'warn' },
        ready: 'ipc',
      }),
  );
  const ports = await Promise.all(Array.from({ length: o.consoles }, () => freePort()));
  const consoles = ports.map((port, i) => {
    const dataDir = mkdtempSync(join(tmpdir(), `cityops-scale-out-console-${i + 1}-`));
    dataDirs.push(dataDir);
    // The first console's gateway signs in as the console's own service user; the others as the next gateway users.
    const user = i === 0 ? 'cityops-ingest-console' : `cityops-ingest-${o.gateways + i}`;
    return new ServiceProcess({
      name: `console-${i + 1}`,
      entry: 'cli/src/main.ts',
      args: ['start'],
      env: {
        ...baseEnv(),
        DATABASE_URL: db.connectionString,
        ...ingestEnv(user),
        CITYOPS_MQTT_ADMIN_PASSWORD: broker.adminPassword,
        CITYOPS_ALERTING: '0',
        CITYOPS_DATA_DIR: dataDir,
        CITYOPS_SIMULATE: '0',
        PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      ready: /cityops console:\s+http:\/\//,
    });
  });
  const all = [...alerting, ...gateways, ...consoles];
  const stop = async () => {
    await Promise.all(all.map((p) => p.stop()));
    for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
  };
  try {
    // The first process applies the migrations alone; the rest start side by side.
    await alerting[0]!.start();
    await Promise.all(all.slice(1).map((p) => p.start()));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    gateways,
    consoles,
    alerting,
    consoleUrls: ports.map((p) => `http://127.0.0.1:${p}`),
    leadingAlerting: () =>
      alerting.find((p) => {
        if (!p.running) return false;
        const out = p.outputOfThisRun();
        const taken = [...out.matchAll(LEASE_TAKEN)].at(-1)?.index ?? -1;
        const lost = [...out.matchAll(LEASE_LOST)].at(-1)?.index ?? -1;
        return taken > lost;
      }),
    stop,
  };
}
