/**
 * Bench (f): fire alarm publish → `incident:opened` on a signed-in Socket.IO client, under a
 * steady background of camera status and queue load. The whole real path: a private Mosquitto with
 * the shipped config → `cityops start` (gateway → event log → alerting → incident → realtime) on a
 * fresh database → socket.io-client here. Prints figures; never asserts a time (a shared machine
 * would make such a check flaky).
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import type { Logger } from 'pino';
import { createUser, provisionDevice, type Pool } from '@cityops/db';
import { findMosquitto, startPrivateMosquitto } from '@cityops/ingest-gateway/src/testing/private-mosquitto.ts';
import { openBenchDatabase } from '../bench-database.ts';
import { startBackgroundLoad, type BackgroundDevice } from '@cityops/simulators';
import { connectOps, ingestCounters, signIn } from './console-socket.ts';
import { CpuMeter } from './cpu-meter.ts';
import { measureAlarms, type Account } from './measure-alarms.ts';
import { startStack } from '@cityops/e2e';
import { stageBreakdown, type StageBreakdown } from './stages.ts';
import { startGatewayProcess } from './gateway-process.ts';
import { summarize, type LatencySummary } from './stats.ts';
import { Cleanups } from '../cleanups.ts';

export interface AlarmLatencyOptions {
  log: Logger;
  /** Background telemetry, messages per second over all publisher processes. Default 5000. */
  backgroundRate?: number;
  /** Share of the background that is queue load (each one an event-log row and a `queue:load`); the rest is camera status. Default 0.1. */
  queueShare?: number;
  /** Devices the background is spread over. Default 500. */
  backgroundDevices?: number;
  /** Publisher child processes. Default 2. */
  publisherProcesses?: number;
  /** Counted alarms (one panel each). Default 150. */
  alarms?: number;
  /** Alarms sent first and not counted. Default 5. */
  warmupAlarms?: number;
  /** Spacing of the alarms. Default 250 ms. */
  intervalMs?: number;
  /** How long the background runs before the first alarm. Default 5000 ms. */
  settleMs?: number;
  /**
   * `one-process`: alarms land on `cityops start`'s own gateway, which wakes alerting in-process.
   * `separate-gateway`: the production shape at its slowest, a quiet console: the devices talk to a
   * stand-alone ingest gateway process, and the console's own gateway is on a broker with no traffic,
   * so only the database can tell alerting and the console that an alarm was committed.
   */
  shape?: 'one-process' | 'separate-gateway';
  /** Stack log level (its warnings reach stderr). Default warn. */
  stackLogLevel?: string;
  /** Registers a cleanup with the caller's signal handler (each cleanup runs once). */
  onCleanup?: (close: () => Promise<void>) => void;
  progress?: (what: string) => void;
}

export const ALARM_P99_TARGET_MS = 250;

export interface AlarmLatencyResult {
  /** publish → incident:opened on the socket, counted alarms that arrived. */
  latency: LatencySummary;
  /** Counted alarms whose incident:opened never arrived within the drain time. */
  lost: number;
  /** publish → the gateway's receipt (the event is committed). */
  receipt: LatencySummary;
  /** Bare broker round-trip under the same load; undefined without Mosquitto. */
  reference: LatencySummary | undefined;
  stages: StageBreakdown;
  background: {
    target: number;
    acked: number;
    ingested: number;
    queueShare: number;
    devices: number;
    processes: number;
    errors: number;
    behind: number;
    gatewayBacklog: number;
    /** The gateway's committed batches per second and their mean size (NaN: the stand-alone gateway's are not on the console's /metrics). */
    commitsPerSec: number;
    meanBatch: number;
  };
  cpu: Record<string, number>;
  windowMs: number;
  /** 1-minute load average at the start and the end of the window (the machine is shared). */
  loadAverage: [number, number];
  targetP99Ms: number;
  shape: 'one-process' | 'separate-gateway';
  broker: string;
  database: string;
}

async function provisionAll(pool: Pool, specs: { id: string; kind: 'camera' | 'queue' | 'fire'; i: number }[]): Promise<Map<string, string>> {
  const passwords = new Map<string, string>();
  for (let k = 0; k < specs.length; k += 4) {
    await Promise.all(
      specs.slice(k, k + 4).map(async ({ id, kind, i }) => {
        const creds = await provisionDevice(pool, {
          id,
          kind,
          lat: 21.0 + (i % 100) / 1000,
          lon: 105.8 + Math.floor(i / 100) / 1000,
          area: `A${String(1 + (i % 12)).padStart(3, '0')}`,
          name: `bench ${kind} ${i}`,
          ...(kind === 'fire' ? { address: `Số ${i} Phố Bench, Hà Nội` } : {}),
        });
        passwords.set(id, creds.password);
      }),
    );
  }
  return passwords;
}

export async function runAlarmLatencyBench(opts: AlarmLatencyOptions): Promise<AlarmLatencyResult> {
  const rate = opts.backgroundRate ?? 5000;
  const queueShare = opts.queueShare ?? 0.1;
  const nDevices = opts.backgroundDevices ?? 500;
  const processes = opts.publisherProcesses ?? 2;
  const nAlarms = opts.alarms ?? 150;
  const warmup = opts.warmupAlarms ?? 5;
  const progress = opts.progress ?? (() => undefined);
  const cleanups = new Cleanups('alarm bench', opts.onCleanup);
  try {
    progress('scratch database, devices');
    const db = await openBenchDatabase(opts.log);
    cleanups.add(() => db.close());
    if (db.note) throw new Error(`needs a PostgreSQL server for the stack process (${db.note})`);
    const run = randomBytes(3).toString('hex');
    const nQueue = Math.round(nDevices * queueShare);
    const specs = [
      ...Array.from({ length: nDevices - nQueue }, (_, i) => ({ id: `CAM-BG-${run}-${i}`, kind: 'camera' as const, i })),
      ...Array.from({ length: nQueue }, (_, i) => ({ id: `QK-BG-${run}-${i}`, kind: 'queue' as const, i })),
      ...Array.from({ length: warmup + nAlarms }, (_, i) => ({ id: `FA-BENCH-${run}-${i}`, kind: 'fire' as const, i })),
      { id: `CAM-REF-${run}`, kind: 'camera' as const, i: 0 },
    ];
    const passwords = await provisionAll(db.pool, specs);
    const dispatcher = { username: `bench-dispatcher-${run}`, password: randomBytes(12).toString('base64url') };
    await createUser(db.pool, dispatcher.username, 'dispatcher', dispatcher.password);

    const bins = findMosquitto();
    let mqttUrl: string | undefined;
    let service: { username: string; password: string } | undefined;
    let brokerPid: number | undefined;
    let broker = 'embedded aedes inside the stack process (MQTT 3.1.1) — no mosquitto binary found; no broker reference';
    if (bins) {
      progress('private Mosquitto');
      const m = await startPrivateMosquitto({ devices: specs.map((s) => ({ id: s.id, kind: s.kind, password: passwords.get(s.id)! })) });
      cleanups.add(() => m.close());
      service = m.service;
      brokerPid = m.pid;
      mqttUrl = `mqtt://${encodeURIComponent(m.service.username)}:${encodeURIComponent(m.service.password)}@127.0.0.1:${m.port}`;
      broker = `Mosquitto ${m.version}, shipped deploy/mosquitto config on ${m.url} (MQTT 5)`;
    }
    const shape = opts.shape ?? 'one-process';
    let gatewayPid: number | undefined;
    let stackMqttUrl = mqttUrl;
    if (shape === 'separate-gateway') {
      if (!mqttUrl || !service) throw new Error('the separate-gateway shape needs Mosquitto (no mosquitto binary found)');
      progress('a quiet broker for the console, a stand-alone ingest gateway on the devices’ broker');
      const quiet = await startPrivateMosquitto({});
      cleanups.add(() => quiet.close());
      stackMqttUrl = `mqtt://${encodeURIComponent(quiet.service.username)}:${encodeURIComponent(quiet.service.password)}@127.0.0.1:${quiet.port}`;
      const gw = await startGatewayProcess({
        databaseUrl: db.connectionString,
        mqttUrl,
        clientId: `cityops-bench-gateway-${process.pid}`,
        logLevel: opts.stackLogLevel ?? 'warn',
      });
      cleanups.add(() => gw.stop());
      gatewayPid = gw.pid;
    }
    progress('cityops start (gateway, alerting, console)');
    // `cityops start` (the shipped composition root) as its own process: the measuring client must
    // not share the server's event loop, as a browser would not.
    const stack = await startStack({
      web: false,
      simulate: false,
      databaseUrl: db.connectionString,
      echoStderr: true,
      startTimeoutMs: 90_000,
      ...(stackMqttUrl ? { mqttUrl: stackMqttUrl } : {}),
      env: { CITYOPS_HOST: '127.0.0.1', CITYOPS_INGEST_CLIENT_ID: `cityops-bench-ingest-${process.pid}`, LOG_LEVEL: opts.stackLogLevel ?? 'warn' },
    });
    cleanups.add(() => stack.stop());
    const url = mqttUrl ? `mqtt://127.0.0.1:${new URL(mqttUrl).port}` : stack.mqttUrl.replace('localhost', '127.0.0.1');
    const protocolVersion = mqttUrl ? 5 : 4;
    const consoleUrl = stack.consoleUrl.replace('localhost', '127.0.0.1');

    const cookie = await signIn(consoleUrl, dispatcher.username, dispatcher.password);
    const socket = await connectOps(consoleUrl, cookie);
    cleanups.add(async () => void socket.disconnect());

    progress(`background load: ${rate.toLocaleString('en')} msg/s from ${nDevices} devices in ${processes} processes`);
    const bgDevices: BackgroundDevice[] = specs
      .filter((s) => s.kind !== 'fire' && !s.id.startsWith('CAM-REF'))
      .map((s) => ({ id: s.id, kind: s.kind as 'camera' | 'queue', password: passwords.get(s.id)! }));
    const bg = await startBackgroundLoad({ url, protocolVersion, devices: bgDevices, ratePerSec: rate, processes });
    cleanups.add(async () => void (await bg.stop()));
    bg.go();
    await new Promise((r) => setTimeout(r, opts.settleMs ?? 5000));

    const dbName = new URL(db.connectionString).pathname.slice(1);
    const cpu = new CpuMeter(async () => ({
      'cityops stack': [stack.pid],
      ...(gatewayPid ? { 'ingest gateway': [gatewayPid] } : {}),
      ...(brokerPid ? { mosquitto: [brokerPid] } : {}),
      publishers: bg.pids,
      postgres: (
        (await db.pool.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName])).rows as { pid: number }[]
      ).map((r) => r.pid),
    }));
    await cpu.begin();
    const load0 = loadavg()[0]!;
    const [bg0, in0, t0] = [await bg.counts(), await ingestCounters(consoleUrl), performance.now()];
    progress(`${warmup} + ${nAlarms} fire alarms, one every ${opts.intervalMs ?? 250} ms`);
    const panels: Account[] = specs.filter((s) => s.kind === 'fire').map((s) => ({ id: s.id, password: passwords.get(s.id)! }));
    const measured = await measureAlarms({
      url,
      protocolVersion,
      panels,
      warmup,
      intervalMs: opts.intervalMs ?? 250,
      socket,
      drainMs: 15_000,
      ...(service ? { reference: { camera: { id: `CAM-REF-${run}`, password: passwords.get(`CAM-REF-${run}`)! }, service } } : {}),
    });
    const [bg1, in1, t1] = [await bg.counts(), await ingestCounters(consoleUrl), performance.now()];
    const cpuSeconds = await cpu.end();
    await bg.stop();

    const counted = measured.alarms.filter((a) => !a.warmup);
    const secs = (t1 - t0) / 1000;
    return {
      latency: summarize(counted.flatMap((a) => (a.latencyMs === undefined ? [] : [a.latencyMs]))),
      lost: counted.filter((a) => a.latencyMs === undefined).length,
      receipt: summarize(counted.flatMap((a) => (a.receiptMs === undefined ? [] : [a.receiptMs]))),
      reference: service ? summarize(measured.reference) : undefined,
      stages: await stageBreakdown(db.pool, counted),
      background: {
        target: rate,
        queueShare,
        devices: nDevices,
        processes,
        acked: (bg1.acked - bg0.acked) / secs,
        // The stand-alone gateway keeps its counters in its own log: the console's /metrics cannot say.
        ingested: shape === 'one-process' ? (in1.received - in0.received) / secs : Number.NaN,
        errors: bg1.errors,
        behind: bg1.behind,
        // Acknowledged by the broker but not yet received by the gateway, at the end of the window.
        gatewayBacklog: shape === 'one-process' ? Math.max(0, bg1.acked - (in1.received - measured.alarms.length - measured.reference.length)) : 0,
        commitsPerSec: shape === 'one-process' ? (in1.batches - in0.batches) / secs : Number.NaN,
        meanBatch: shape === 'one-process' ? (in1.batchedMessages - in0.batchedMessages) / (in1.batches - in0.batches) : Number.NaN,
      },
      cpu: cpuSeconds,
      windowMs: t1 - t0,
      loadAverage: [load0, loadavg()[0]!],
      targetP99Ms: ALARM_P99_TARGET_MS,
      shape,
      broker,
      database: db.description,
    };
  } finally {
    await cleanups.run();
  }
}
