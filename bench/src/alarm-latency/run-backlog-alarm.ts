/**
 * Fire alarm publish → `incident:opened`, published while the gateway drains a backlog of camera
 * messages queued in the broker: the stack is stopped, 60,000 camera messages are published into its
 * persistent sessions, the stack starts again, and alarms follow at once. A single FIFO session would
 * put each alarm behind the whole backlog; the fire lane gives it a session of its own. Private
 * Mosquitto with the shipped config (it queues 100,000 per session), `cityops start` on PostgreSQL.
 * Prints figures; never asserts a time.
 */
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import type { Logger } from 'pino';
import { telemetryTopic } from '@cityops/contracts';
import { createUser, provisionDevices } from '@cityops/db';
import { findMosquitto, startPrivateMosquitto } from '@cityops/ingest-gateway/src/testing/private-mosquitto.ts';
import { startStack, type RunningStack } from '@cityops/e2e';
import { openBenchDatabase } from '../bench-database.ts';
import { connectOps, signIn } from './console-socket.ts';
import { measureAlarms } from './measure-alarms.ts';
import { ms, summarize, type LatencySummary } from './stats.ts';
import { Cleanups } from '../cleanups.ts';

export interface BacklogAlarmOptions {
  log: Logger;
  /** Camera messages queued before the stack returns. Default 60,000. */
  backlog?: number;
  cameras?: number;
  alarms?: number;
  intervalMs?: number;
  onCleanup?: (close: () => Promise<void>) => void;
  progress?: (what: string) => void;
}

export interface BacklogAlarmResult {
  backlog: number;
  latency: LatencySummary;
  receipt: LatencySummary;
  lost: number;
  /** Camera rows still to be written when the first counted alarm was published, and when the last incident arrived. */
  backlogLeftAtFirstAlarm: number;
  backlogLeftAtLastIncident: number;
  /** From the stack's start to the whole backlog stored. */
  drainMs: number;
  broker: string;
  database: string;
}

export const BACKLOG_ALARM_P99_TARGET_MS = 1000;

export async function runBacklogAlarmBench(opts: BacklogAlarmOptions): Promise<BacklogAlarmResult> {
  const backlog = opts.backlog ?? 60_000;
  const nCameras = opts.cameras ?? 200;
  const nAlarms = opts.alarms ?? 100;
  const progress = opts.progress ?? (() => undefined);
  const cleanups = new Cleanups('backlog bench', opts.onCleanup);
  try {
    const bins = findMosquitto();
    if (!bins) throw new Error('needs a mosquitto binary (the shipped config queues the backlog)');
    const db = await openBenchDatabase(opts.log);
    cleanups.add(() => db.close());
    if (db.note) throw new Error(`needs a PostgreSQL server for the stack process (${db.note})`);
    const run = randomBytes(3).toString('hex');
    progress('devices');
    const cameras = await provisionDevices(
      db.pool,
      Array.from({ length: nCameras }, (_, i) => ({
        id: `CAM-BL-${run}-${i}`,
        kind: 'camera' as const,
        lat: 21 + i / 1e4,
        lon: 105.8,
        area: `A${String(1 + (i % 30)).padStart(3, '0')}`,
      })),
    );
    const panels = await provisionDevices(
      db.pool,
      Array.from({ length: nAlarms + 5 }, (_, i) => ({
        id: `FA-BL-${run}-${i}`,
        kind: 'fire' as const,
        lat: 21.02,
        lon: 105.85 + i / 1e4,
        address: `Số ${i} Phố Bench`,
      })),
    );
    const dispatcher = { username: `bench-bl-${run}`, password: randomBytes(12).toString('base64url') };
    await createUser(db.pool, dispatcher.username, 'dispatcher', dispatcher.password);
    const m = await startPrivateMosquitto({ devices: [...cameras, ...panels] });
    cleanups.add(() => m.close());
    const mqttUrl = `mqtt://${encodeURIComponent(m.service.username)}:${encodeURIComponent(m.service.password)}@127.0.0.1:${m.port}`;
    const stackOptions = {
      web: false,
      simulate: false,
      databaseUrl: db.connectionString,
      mqttUrl,
      startTimeoutMs: 90_000,
      env: { CITYOPS_HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    } as const;

    progress("first start: the gateway's sessions");
    let stack: RunningStack = await startStack(stackOptions);
    await stack.stop();

    progress(`${backlog.toLocaleString('en')} camera messages into the stopped gateway's session`);
    const base = Date.now() - 10 * 60_000;
    const perCamera = Math.ceil(backlog / nCameras);
    await Promise.all(
      cameras.map(async (cam, c) => {
        const client = await mqtt.connectAsync(m.url, { username: cam.id, password: cam.password, clientId: cam.id, protocolVersion: 5, reconnectPeriod: 0 });
        const count = Math.min(perCamera, backlog - c * perCamera);
        for (let seq = 0; seq < count; seq += 100) {
          await Promise.all(
            Array.from({ length: Math.min(100, count - seq) }, (_, k) =>
              client.publishAsync(
                telemetryTopic('camera', cam.id),
                JSON.stringify({ ts: base + seq + k, seq: seq + k, status: (seq + k) % 50 === 0 ? 'degraded' : 'online', fps: 25 }),
                { qos: 1 },
              ),
            ),
          );
        }
        await client.endAsync();
      }),
    );
    const stored = async () =>
      ((await db.pool.query(`SELECT count(*)::int AS n FROM camera_status WHERE device_id LIKE $1`, [`CAM-BL-${run}-%`])).rows[0] as { n: number }).n;

    progress('second start, alarms at once');
    const startedAt = performance.now();
    stack = await startStack(stackOptions);
    cleanups.add(() => stack.stop());
    const consoleUrl = stack.consoleUrl.replace('localhost', '127.0.0.1');
    const socket = await connectOps(consoleUrl, await signIn(consoleUrl, dispatcher.username, dispatcher.password));
    cleanups.add(async () => void socket.disconnect());
    // The backlog's progress, sampled while the alarms run, to say how much of it each alarm overtook.
    const samples: { at: number; left: number }[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push({ at: Date.now(), left: backlog - (await stored()) });
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const leftAt = (t: number) =>
      samples.reduce((best, x) => (Math.abs(x.at - t) < Math.abs(best.at - t) ? x : best), samples[0] ?? { at: t, left: Number.NaN }).left;
    const measured = await measureAlarms({
      url: m.url,
      protocolVersion: 5,
      panels: panels.map((p) => ({ id: p.id, password: p.password })),
      warmup: 5,
      intervalMs: opts.intervalMs ?? 100,
      socket,
      drainMs: 30_000,
    });
    sampling = false;
    await sampler;
    const counted = measured.alarms.filter((a) => !a.warmup);
    const lastArrival = Math.max(...counted.map((a) => a.arrivedAt ?? 0));
    let drained = performance.now();
    for (let n = await stored(); n < backlog; n = await stored()) {
      if (performance.now() - startedAt > 600_000) throw new Error(`backlog not drained in 10 min (${n} of ${backlog})`);
      await new Promise((r) => setTimeout(r, 200));
      drained = performance.now();
    }
    return {
      backlog,
      latency: summarize(counted.flatMap((a) => (a.latencyMs === undefined ? [] : [a.latencyMs]))),
      receipt: summarize(counted.flatMap((a) => (a.receiptMs === undefined ? [] : [a.receiptMs]))),
      lost: counted.filter((a) => a.latencyMs === undefined).length,
      backlogLeftAtFirstAlarm: leftAt(counted[0]?.publishedAt ?? 0),
      backlogLeftAtLastIncident: leftAt(lastArrival),
      drainMs: drained - startedAt,
      broker: `Mosquitto ${m.version}, shipped config`,
      database: db.description,
    };
  } finally {
    await cleanups.run();
  }
}

export function formatBacklogAlarm(r: BacklogAlarmResult): string {
  return [
    `(i) fire alarm behind a ${r.backlog.toLocaleString('en')}-message camera backlog — ${r.broker}, ${r.database}`,
    `    publish → incident:opened: p50 ${ms(r.latency.p50)}, p99 ${ms(r.latency.p99)}, max ${ms(r.latency.max)} over ${r.latency.n} alarms` +
      ` (target p99 < ${BACKLOG_ALARM_P99_TARGET_MS} ms: ${(r.latency.p99 / BACKLOG_ALARM_P99_TARGET_MS).toFixed(2)} of it); ${r.lost} never opened`,
    `    publish → receipt (committed): p50 ${ms(r.receipt.p50)}, p99 ${ms(r.receipt.p99)}`,
    `    camera messages still to write: ${r.backlogLeftAtFirstAlarm.toLocaleString('en')}` +
      ` at the first counted alarm, ${r.backlogLeftAtLastIncident.toLocaleString('en')}` +
      ` when the last incident opened; the backlog drained ${(r.drainMs / 1000).toFixed(1)} s after the stack's start`,
  ].join('\n');
}
