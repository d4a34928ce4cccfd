import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import {
  authenticateDevice,
  CommitBus,
  startEventLogListener,
  consumerOffset,
  watchDeviceRevocations,
  deleteExpiredSessions,
  purgeAudit,
  pruneEvents,
  readKpiFigures,
  startRollupRefresher,
  type EventLogListener,
  type PeriodicTask,
} from '@cityops/db';
import {
  connectMosquittoAccounts,
  startEmbeddedBroker,
  startGateway,
  startRevocationSync,
  redactUrl,
  type EmbeddedBroker,
  type Gateway,
  type MosquittoAccounts,
} from '@cityops/ingest-gateway';
import { ALERTING_CONSUMER, createAlertingCommands, startAlerting, type Alerting } from '@cityops/alerting';
import { NOTIFIER_CONSUMER, startNotifier, type Notifier } from '@cityops/notifications';
import { buildApp, startOpsRealtime, startRidershipEmitter, type OpsRealtime } from '@cityops/console-server';
import { runSimulation, type SimulationHandle } from '@cityops/simulators';
import type { StackConfig } from './stack-config.ts';
import { openDatabase, type OpenDatabase } from './database.ts';
import { ensureDemoAccounts, DEMO_USERNAMES } from './demo-accounts.ts';
import { ensureSimulatedFleet } from './fleet.ts';
import { startHotlineSimulation } from './hotline-simulation.ts';
import { loadStartupFireStations } from './fire-stations.ts';
import { stackMetrics } from './stack-metrics.ts';

export const VERSION = '0.1.0';

export interface Stack {
  consoleUrl: string;
  mqttUrl: string;
  demoPassword: string | undefined;
  db: OpenDatabase;
  gateway: Gateway;
  /** Undefined when CITYOPS_ALERTING=0 (stand-alone alerting processes run the engine). */
  alerting: Alerting | undefined;
  notifier: Notifier;
  realtime: OpsRealtime;
  simulation: SimulationHandle | undefined;
  /** Device accounts on the external broker, when cityops keeps them (CITYOPS_MQTT_ADMIN_PASSWORD). */
  deviceAccounts: MosquittoAccounts | undefined;
  /** The transit:ridership emitter (every 30 s); `runNow()` for tests. */
  ridership: PeriodicTask;
  stop(): Promise<void>;
}

const SERVICE_USER = 'cityops-service';

/**
 * The whole stack in one process (the composition root): database, broker, gateway, alerting,
 * console and the simulated fleet. Each part talks to the others only through Postgres and MQTT,
 * so any of them can also run as its own process (docker-compose.yml).
 */
export async function startStack(config: StackConfig, log: Logger): Promise<Stack> {
  mkdirSync(config.dataDir, { recursive: true });
  const closers: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const close of closers.reverse()) await close().catch((err) => log.warn({ err }, 'error while stopping'));
  };
  try {
    // Producers of event-log entries notify it; readers subscribe (in this process, at once).
    const commits = new CommitBus();
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log, supervise: true });
    closers.push(() => db.close());
    // What wakes the readers. On PostgreSQL, the database says when the event log grew, whichever
    // process committed (this one's gateway, another gateway, another console): readers are not
    // woken by commits that added nothing to read. The embedded database serves one connection at a
    // time, so there this process's own commits wake them.
    let wakeups = commits;
    let listener: EventLogListener | undefined;
    if (!db.embedded && config.databaseUrl) {
      wakeups = new CommitBus();
      const listening = startEventLogListener({ connectionString: config.databaseUrl, log, onCommit: wakeups.notify });
      listener = listening;
      closers.push(() => listening.stop());
    }

    let broker: EmbeddedBroker | undefined;
    let mqttUrl = config.mqttUrl;
    let signIns = config.ingest;
    if (!mqttUrl) {
      // The service secret lives only in this process: nothing outside can sign in as a service.
      const password = randomBytes(24).toString('base64url');
      broker = await startEmbeddedBroker({
        port: config.mqttPort,
        host: '0.0.0.0',
        log,
        serviceAccounts: new Map([[SERVICE_USER, password]]),
        authenticateDevice: (id, secret) => authenticateDevice(db.pool, id, secret),
        watchRevocations: (onRevoked) => watchDeviceRevocations(db.pool, log, onRevoked),
      });
      closers.push(() => broker!.close());
      mqttUrl = `mqtt://127.0.0.1:${broker.port}`;
      const service = { username: SERVICE_USER, password };
      signIns = { ...signIns, ...service, fire: { ...signIns.fire, ...service } };
    }
    // On Mosquitto, device accounts live in its dynamic security plugin as well as in the registry.
    let deviceAccounts: MosquittoAccounts | undefined;
    if (config.mqttAdminUrl) {
      deviceAccounts = await connectMosquittoAccounts(config.mqttAdminUrl, log);
      closers.push(() => deviceAccounts!.close());
      const sync = await startRevocationSync(db.pool, deviceAccounts, log);
      closers.push(() => sync.stop());
    } else if (config.mqttUrl) {
      log.warn(
        'CITYOPS_MQTT_ADMIN_PASSWORD is not set: devices added here get no account on the broker, and revoked ones stay connected until the broker drops them',
      );
    }

    const gateway = await startGateway({
      mqttUrl,
      pool: db.pool,
      log,
      clientId: signIns.clientId,
      username: signIns.username,
      password: signIns.password,
      fire: signIns.fire,
      protocolVersion: broker ? 4 : 5,
      sharedGroup: config.ingestSharedGroup,
      lingerMs: config.ingestLingerMs,
    });
    closers.push(() => gateway.stop());
    gateway.on('committed', commits.notify);

    // On PostgreSQL every console and stand-alone alerting process may run the engine: one leads.
    const alerting = config.alerting
      ? startAlerting({
          pool: db.pool,
          log,
          onCommitted: commits.notify,
          ...(db.embedded || !config.databaseUrl ? {} : { leadership: { connectionString: config.databaseUrl } }),
        })
      : undefined;
    if (alerting) {
      closers.push(() => alerting.stop());
      wakeups.subscribe(() => alerting.wake());
    }
    const alertingCommands = alerting ?? createAlertingCommands({ pool: db.pool, onCommitted: commits.notify });
    // Links point at CITYOPS_PUBLIC_URL, else at the address the console listens on (known once it does).
    let ownUrl = '';
    const notifier = startNotifier({ ...config.notifications, ownUrl: () => ownUrl, pool: db.pool, log, onCommitted: commits.notify });
    closers.push(() => notifier.stop());
    wakeups.subscribe(() => notifier.wake());
    // Built after the app it serves; the metrics and readiness closures read it once it exists.
    // eslint-disable-next-line prefer-const -- assigned once below, read earlier by those closures
    let realtime: OpsRealtime | undefined;

    const demoPassword = config.embeddedDefaults ? await ensureDemoAccounts(db.pool, config.demoPassword) : undefined;

    const readers = async () => ({
      alerting: await consumerOffset(db.pool, ALERTING_CONSUMER),
      notifications: await consumerOffset(db.pool, NOTIFIER_CONSUMER),
      ...(realtime ? { realtime: realtime.cursor() } : {}),
    });
    const metrics = stackMetrics({
      pool: db.pool,
      parts: () => [
        ...gateway.metrics.families(gateway.buffered()),
        ...(alerting?.families() ?? []),
        ...notifier.metrics.families(),
        ...(realtime?.families() ?? []),
      ],
      readers,
      listener,
    });
    const app = await buildApp({
      config: config.console,
      pool: db.pool,
      alerting: alertingCommands,
      log,
      metrics,
      onCommitted: commits.notify,
      deviceAccounts,
      resendGiveUpAfterMs: config.notifications.giveUpAfterMs,
      probes: {
        brokerUp: () => gateway.connected(),
        timescale: db.caps.timescale,
        version: VERSION,
        ingest: () => ({ pending: gateway.buffered(), lastCommitAt: gateway.lastCommitAt() }),
        readers,
      },
    });
    let lastReceived = { at: Date.now(), count: 0 };
    const kpi = async () => {
      const now = Date.now();
      const rate = ((gateway.metrics.received - lastReceived.count) * 1000) / Math.max(1, now - lastReceived.at);
      lastReceived = { at: now, count: gateway.metrics.received };
      return { ...(await readKpiFigures(db.pool, new Date(now))), messagesPerSecond: Math.round(rate * 10) / 10 };
    };
    const stream = await startOpsRealtime({ httpServer: app.server, pool: db.pool, log, kpi });
    realtime = stream;
    wakeups.subscribe(() => stream.wake());
    closers.push(() => app.close());
    closers.push(() => stream.close());
    // transit:ridership from the rollups every 30 s, through the event log.
    const ridership = startRidershipEmitter({ pool: db.pool, log, onCommitted: commits.notify });
    closers.push(() => ridership.stop());
    // The embedded TimescaleDB has no job scheduler: run the continuous aggregates' refresh policies here.
    if (db.embedded && db.caps.timescale) {
      const refresher = startRollupRefresher({ pool: db.pool, log });
      closers.push(() => refresher.stop());
    }
    try {
      await app.listen({ port: config.console.port, host: config.console.host });
    } catch (err) {
      throw (err as NodeJS.ErrnoException).code === 'EADDRINUSE' ? new Error(`port ${config.console.port} is already in use (set PORT)`) : err;
    }
    const port = (app.server.address() as { port: number }).port;
    ownUrl = `http://localhost:${port}`;

    const housekeeping = setInterval(() => {
      // 25 h: replay reaches back 24 h and rolls device states back through every change since.
      void pruneEvents(db.pool, new Date(Date.now() - 25 * 3600_000)).catch((err: unknown) =>
        log.warn({ err }, 'pruning the event log failed; retrying in 10 min'),
      );
      void deleteExpiredSessions(db.pool, new Date()).catch((err: unknown) => log.warn({ err }, 'deleting expired sessions failed; retrying in 10 min'));
      void purgeAudit(db.pool, config.console.auditRetentionDays, new Date()).catch((err: unknown) =>
        log.warn({ err }, 'purging old audit entries failed; retrying in 10 min'),
      );
    }, 10 * 60_000);
    closers.push(async () => clearInterval(housekeeping));

    await loadStartupFireStations(db.pool, config, log);

    let simulation: SimulationHandle | undefined;
    if (config.simulate) {
      const fleet = await ensureSimulatedFleet(db.pool, config.dataDir, log, deviceAccounts);
      simulation = runSimulation({ mqttUrl, devices: fleet, scenario: config.scenario as 'normal-day', rate: config.simulateRate, log });
      closers.push(() => simulation!.stop());
      const hotline = await startHotlineSimulation(db.pool, { port, rate: config.simulateRate, log });
      closers.push(() => hotline.stop());
    }

    log.info({ port, mqtt: redactUrl(mqttUrl), timescale: db.caps.timescale, embeddedDatabase: db.embedded }, 'cityops stack running');
    return {
      consoleUrl: `http://localhost:${port}`,
      mqttUrl,
      demoPassword,
      db,
      gateway,
      alerting,
      notifier,
      realtime: stream,
      simulation,
      deviceAccounts,
      ridership,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

export { DEMO_USERNAMES };
