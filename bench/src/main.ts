/**
 * `npm run bench`: how close the ingest path gets to the machine's limits, in one run.
 *
 *   (a) bare mqtt.js QoS 1 subscriber        — what the broker and one client can move
 *   (b) the gateway, PUBACK after commit      — ratio b/a: what at-least-once costs (target ≥ 0.8)
 *   (c) raw COPY into a copy of camera_status — what the database can take
 *   (d) our writer (insertTelemetry)          — ratio d/c: what our SQL costs
 *   (e) the gateway's whole write path        — (d) plus device status and the event log
 *   (f) fire alarm → incident:opened latency, (g) map frame rate (see their folders)
 *   (h) history rollups: 30 days of a 2,000-device city on the embedded TimescaleDB, each console
 *       query on the rollups beside the raw-table scan of the same answer (target p95 < 100 ms)
 *   (i) fire alarm → incident:opened while the gateway drains a 60,000-message camera backlog
 *       queued in Mosquitto (target p99 < 1 s); BENCH_BACKLOG=0 skips it, BENCH_BACKLOG_N sizes it
 *   (j) notifications: 1,000 a minute to a signed webhook, then 1,000 at once, commit → received
 *       p50/p99, lost and duplicated, beside bare fetch to the same receiver; BENCH_NOTIFY=0 skips it,
 *       BENCH_NOTIFY_N and BENCH_NOTIFY_PER_MIN size it
 *   (k) fire alarm → incident:opened at 2,000 msg/s, in one process beside the production shape (a
 *       stand-alone gateway process; the console hears of its commits from PostgreSQL's NOTIFY):
 *       the p99 gap, target ≤ 25 ms; BENCH_SHAPES=0 skips it
 *   (l) fan-out: 200 signed-in consoles at 1,000 device status changes/s, delivery p50/p99, every
 *       socket complete, the console's CPU, beside a raw WebSocket broadcast of the same frames;
 *       BENCH_FANOUT=0 skips it
 *   (m) cityops beside Node-RED 4 (installed into a temp folder by the bench) on the same 100,000 QoS 1
 *       messages: live and draining throughput, CPU per message, lost across kill -9; BENCH_PEER=0
 *       skips it, BENCH_PEER_N sizes it
 *
 * Private Mosquitto with the shipped deploy/mosquitto config on a free port, a fresh database on the
 * machine's PostgreSQL (dropped at the end). Prints figures and ratios against limits measured in the same run; never asserts a time, since a
 * shared machine's timings vary and a ratio of two figures taken together does not.
 * Env: BENCH_N (100000), BENCH_IN_FLIGHT (500), BENCH_WINDOW (gateway default 5000), DATABASE_URL.
 */
import pino from 'pino';
import { randomBytes } from 'node:crypto';
import { authenticateDevice, provisionDevice } from '@cityops/db';
import { startEmbeddedBroker } from '@cityops/ingest-gateway';
import { findMosquitto, startPrivateMosquitto } from '@cityops/ingest-gateway/src/testing/private-mosquitto.ts';
import { openBenchDatabase } from './bench-database.ts';
import { machineInfo } from './machine.ts';
import { cameraRows } from './rows.ts';
import { bareSubscriber, gatewayIngest, gatewayWritePath, ourWriter, rawCopy, type BrokerTarget, type LoadShape, type Rate } from './scenarios.ts';
import { formatTable } from './table.ts';
import { formatFpsResult, runFpsBench } from './fps/run-fps-bench.ts'; // (g)
import { fanoutOptionsFromEnv, formatFanout, runFanoutBench } from './fanout/index.ts'; // (l)
import { formatPeerBench } from './node-red/report.ts'; // (m)
import { runPeerBench } from './node-red/run-peer-bench.ts'; // (m)
import {
  alarmOptionsFromEnv,
  formatAlarmLatency,
  formatBacklogAlarm,
  formatShapes,
  runAlarmLatencyBench,
  runBacklogAlarmBench,
  runShapesBench,
} from './alarm-latency/index.ts';
import { formatRollups, rollupOptionsFromEnv, runRollupsBench } from './rollups/index.ts'; // (h)
import { formatNotificationBench, runNotificationBench } from './notifications/run-notification-bench.ts'; // (j)

const GATEWAY_MAX_BATCH = 5000; // startGateway's default maxBatch

async function main(): Promise<void> {
  const started = Date.now();
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
  const shape: LoadShape = {
    n: Number(process.env.BENCH_N ?? 100_000),
    inFlight: Number(process.env.BENCH_IN_FLIGHT ?? 500),
    window: Number(process.env.BENCH_WINDOW ?? 5000),
  };
  const cleanups: (() => Promise<void>)[] = [];
  const onSignal = () => void Promise.allSettled(cleanups.reverse().map((c) => c())).then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const db = await openBenchDatabase(log);
    cleanups.push(() => db.close());
    const run = randomBytes(3).toString('hex');
    const devices = { bare: `CAM-BENCH-A-${run}`, gateway: `CAM-BENCH-B-${run}`, writer: `CAM-BENCH-D-${run}` };
    const passwords: Record<string, string> = {};
    for (const id of Object.values(devices)) {
      passwords[id] = (await provisionDevice(db.pool, { id, kind: 'camera', lat: 21.03, lon: 105.85, area: 'A001', name: 'bench camera' })).password;
    }

    let broker: BrokerTarget;
    let brokerInfo: string;
    if (findMosquitto()) {
      const m = await startPrivateMosquitto({ devices: Object.entries(passwords).map(([id, password]) => ({ id, kind: 'camera', password })) });
      cleanups.push(() => m.close());
      broker = { url: m.url, pid: m.pid, service: m.service, devicePassword: (id) => passwords[id]!, protocolVersion: 5 };
      brokerInfo = `Mosquitto ${m.version}, shipped deploy/mosquitto config on ${m.url} (MQTT 5)`;
    } else {
      const service = { username: 'cityops-service', password: randomBytes(12).toString('hex') };
      const b = await startEmbeddedBroker({
        port: 0,
        log,
        serviceAccounts: new Map([[service.username, service.password]]),
        authenticateDevice: (id, s) => authenticateDevice(db.pool, id, s),
      });
      cleanups.push(() => b.close());
      broker = { url: b.url, service, devicePassword: (id) => passwords[id]!, protocolVersion: 4 };
      brokerInfo = `embedded aedes on ${b.url} (MQTT 3.1.1) — no mosquitto binary found`;
    }

    const step = (name: string) => process.stderr.write(`bench: ${name}…\n`);
    step('(a) bare subscriber');
    const ctx = { pool: db.pool, database: new URL(db.connectionString).pathname.slice(1) };
    const a = await bareSubscriber(broker, devices.bare, shape, ctx);
    step('(b) gateway');
    const b = await gatewayIngest(broker, db.pool, devices.gateway, shape, log, ctx);
    const rows = cameraRows(devices.writer, shape.n, Date.now() - 3_600_000, 'A001');
    step('(c) COPY');
    const c = await rawCopy(db.pool, rows);
    step('(d) insertTelemetry');
    const d = await ourWriter(db.pool, rows, GATEWAY_MAX_BATCH);
    step('(e) gateway write path');
    const e = await gatewayWritePath(db.pool, devices.writer, shape.n, GATEWAY_MAX_BATCH);

    // --- (f) fire alarm → incident:opened under background load, bench/src/alarm-latency/ ---
    let alarmBlock = '';
    if (process.env.BENCH_ALARM !== '0') {
      step('(f) fire alarm latency');
      alarmBlock = await runAlarmLatencyBench({
        ...alarmOptionsFromEnv(process.env),
        log,
        onCleanup: (c) => void cleanups.push(c),
        progress: (w) => step(`(f) ${w}`),
      }).then(formatAlarmLatency, (err: Error) => `(f) fire alarm latency: NOT MEASURED — ${err.message}`);
    }
    // --- end (f) ---

    // --- (i) fire alarm behind a 60,000-message camera backlog, bench/src/alarm-latency/run-backlog-alarm.ts ---
    let backlogBlock = '';
    if (process.env.BENCH_BACKLOG !== '0') {
      step('(i) fire alarm behind a camera backlog');
      backlogBlock = await runBacklogAlarmBench({
        log,
        backlog: Number(process.env.BENCH_BACKLOG_N ?? 60_000),
        onCleanup: (c) => void cleanups.push(c),
        progress: (w) => step(`(i) ${w}`),
      }).then(formatBacklogAlarm, (err: Error) => `(i) fire alarm behind a camera backlog: NOT MEASURED — ${err.message.split('\n')[0]}`);
    }
    // --- end (i) ---

    // --- (j) notifications, bench/src/notifications/ ---
    let notifyBlock = '';
    if (process.env.BENCH_NOTIFY !== '0') {
      step('(j) notifications');
      const n = Number(process.env.BENCH_NOTIFY_N ?? 1000);
      notifyBlock = await runNotificationBench({
        pool: db.pool,
        log,
        steadyN: n,
        perMinute: Number(process.env.BENCH_NOTIFY_PER_MIN ?? 1000),
        burstN: n,
        progress: (w) => step(`(j) ${w}`),
      }).then(formatNotificationBench, (err: Error) => `(j) notifications: NOT MEASURED — ${err.message.split('\n')[0]}`);
    }
    // --- end (j) ---

    // --- (k) one process beside the production shape, bench/src/alarm-latency/shapes.ts ---
    let shapesBlock = '';
    if (process.env.BENCH_SHAPES !== '0') {
      step('(k) one process and the production shape');
      const { backgroundRate: _rate, ...alarmOpts } = alarmOptionsFromEnv(process.env);
      shapesBlock = await runShapesBench({
        ...alarmOpts,
        log,
        onCleanup: (c) => void cleanups.push(c),
        progress: (w) => step(`(k) ${w}`),
      }).then(formatShapes, (err: Error) => `(k) production shape: NOT MEASURED — ${err.message.split('\n')[0]}`);
    }
    // --- end (k) ---

    // --- (l) fan-out to many consoles, bench/src/fanout/ ---
    let fanoutBlock = '';
    if (process.env.BENCH_FANOUT !== '0') {
      step('(l) fan-out to 200 consoles');
      fanoutBlock = await runFanoutBench({
        ...fanoutOptionsFromEnv(process.env),
        log,
        onCleanup: (c) => void cleanups.push(c),
        progress: (w) => step(`(l) ${w}`),
      }).then(formatFanout, (err: Error) => `(l) fan-out: NOT MEASURED — ${err.message.split('\n')[0]}`);
    }
    // --- end (l) ---

    // --- (m) cityops beside Node-RED, bench/src/node-red/ ---
    let peerBlock = '';
    if (process.env.BENCH_PEER !== '0') {
      step('(m) cityops beside Node-RED');
      peerBlock = await runPeerBench({
        log,
        n: Number(process.env.BENCH_PEER_N ?? 100_000),
        onCleanup: (c) => void cleanups.push(c),
        progress: (w) => step(`(m) ${w}`),
      }).then(formatPeerBench, (err: Error) => `(m) cityops beside Node-RED: NOT MEASURED — ${err.message.split('\n')[0]}`);
    }
    // --- end (m) ---

    const fmt = (r: Rate, unit: string) => `${Math.round(r.perSec).toLocaleString('en')} ${unit}`;
    const ratio = (x: Rate, y: Rate) => (x.perSec / y.perSec).toFixed(2);
    process.stdout.write(
      [
        '',
        `cityops bench — ${new Date().toISOString()}`,
        `machine:  ${machineInfo()}`,
        `broker:   ${brokerInfo}`,
        `database: ${db.description}${db.note ? `\n          NOTE: ${db.note}` : ''}`,
        `load:     N = ${shape.n.toLocaleString('en')} camera status messages, QoS 1, one publisher process (${shape.inFlight} in flight)` +
          `; gateway window ${shape.window}, batch ≤ ${GATEWAY_MAX_BATCH}, pool ${db.poolMax}`,
        '',
        formatTable(
          ['', 'measurement', 'figure', 'how'],
          [
            ['a', 'bare mqtt.js subscriber', fmt(a, 'msg/s'), `first→last receive; ${a.detail}`],
            ['b', 'ingest gateway, PUBACK after commit', fmt(b, 'msg/s'), `first receive→last commit; ${b.detail}`],
            ['b/a', 'at-least-once cost', ratio(b, a), 'target ≥ 0.80'],
            ['c', 'raw COPY, scratch copy of camera_status', fmt(c, 'rows/s'), c.detail],
            ['d', 'insertTelemetry via withTransaction', fmt(d, 'rows/s'), d.detail],
            ['d/c', 'our SQL vs COPY', ratio(d, c), ''],
            ['e', 'gateway write path (rows+status+events)', fmt(e, 'rows/s'), e.detail],
            ['e/d', 'status + event log cost', ratio(e, d), ''],
          ],
        ),
        ...(alarmBlock ? ['', alarmBlock] : []), // (f)
        ...(backlogBlock ? ['', backlogBlock] : []), // (i)
        ...(notifyBlock ? ['', notifyBlock] : []), // (j)
        ...(shapesBlock ? ['', shapesBlock] : []), // (k)
        ...(fanoutBlock ? ['', fanoutBlock] : []), // (l)
        ...(peerBlock ? ['', peerBlock] : []), // (m)
        '',
        `total ${((Date.now() - started) / 1000).toFixed(1)} s`,
        '',
      ].join('\n'),
    );

    // --- (h) history rollups, bench/src/rollups/: its own embedded TimescaleDB (the path the target is for) ---
    if (process.env.BENCH_ROLLUPS !== '0') {
      step('(h) history rollups');
      const opts = rollupOptionsFromEnv(process.env, log, (w) => step(`(h) ${w}`));
      process.stdout.write(
        `${await runRollupsBench(opts).then(formatRollups, (err: Error) => `(h) history rollups: NOT MEASURED — ${err.message.split('\n')[0]}`)}\n\n`,
      );
    }
    // --- end (h) ---

    // --- (g) map frame rate, console vs bare deck.gl, bench/src/fps/ ---
    if (process.env.BENCH_FPS !== '0') {
      step('(g) map fps');
      process.stdout.write(`${await runFpsBench(log).then(formatFpsResult, (err: Error) => `(g) map fps: NOT MEASURED — ${err.message.split('\n')[0]}`)}\n\n`);
    }
    // --- end (g) ---
  } finally {
    for (const c of cleanups.reverse()) await c().catch((err: Error) => process.stderr.write(`bench cleanup: ${err.message}\n`));
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
