/**
 * Bench (l): many consoles watching a busy city. `cityops start` (its own process) streams device
 * statuses committed to the event log at a steady rate to signed-in Socket.IO clients in other
 * processes, which take batches and acknowledge them as the wall map does; then a bare `ws`
 * broadcast of the same frames to as many clients, as the reference. Prints delivery latency
 * (commit-side `at` → receipt), whether every socket got every status, and the server's CPU.
 * Prints figures; never asserts a time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { appendEvents, createUser, type EventLogEntry } from '@cityops/db';
import { startStack } from '@cityops/e2e';
import { openBenchDatabase } from '../bench-database.ts';
import { signIn } from '../alarm-latency/console-socket.ts';
import { CpuMeter } from '../alarm-latency/cpu-meter.ts';
import { formatTable } from '../table.ts';
import { ms } from '../alarm-latency/stats.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import type { ClientJob, FromClients, ToClients } from './fanout-clients.ts';
import type { FromBroadcast, ToBroadcast } from './raw-broadcast.ts';
import { Cleanups } from '../cleanups.ts';

/** Goals: delivery p99 under this, and the console under one core. */
export const FANOUT_P99_TARGET_MS = 250;

export interface FanoutOptions {
  log: Logger;
  /** Watching consoles. Default 200. */
  sockets?: number;
  /** Device status changes per second. Default 1,000. */
  ratePerSec?: number;
  /** Measured window. Default 20 s. */
  seconds?: number;
  /** Client processes the sockets are spread over. Default 2. */
  clientProcesses?: number;
  onCleanup?: (close: () => Promise<void>) => void;
  progress?: (what: string) => void;
}

export interface FanoutSide {
  latency: { p50: number; p99: number; max: number; n: number };
  /** Statuses written (or broadcast) in the window, and the fewest / most any one socket got. */
  written: number;
  fewest: number;
  most: number;
  disconnected: number;
  /** CPU-seconds of the serving process over the window, and of the clients. */
  serverCpu: number;
  clientCpu: number;
  windowMs: number;
}

export interface FanoutResult {
  sockets: number;
  ratePerSec: number;
  console: FanoutSide;
  raw: FanoutSide;
  postgresCpu: number;
}

/** Same-frame pacing for both sides: a batch of statuses every 50 ms. */
const FRAME_MS = 50;
const DEVICES = 2000;
/** After the window, how long the sockets may take to get the last statuses. */
const DRAIN_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Client processes: forked, given their sockets, resolved once all are connected. */
async function startClients(jobs: ClientJob[]): Promise<{ pids: number[]; stats(): Promise<FromClients & { type: 'stats' }>[]; reset(): void; stop(): void }> {
  const script = fileURLToPath(new URL('./fanout-clients.ts', import.meta.url));
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };
  process.once('exit', stop);
  try {
    await Promise.all(
      jobs.map((job) => {
        const child = fork(script, [], { execArgv: ['--import', import.meta.resolve('tsx')], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        children.push(child);
        return new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`client process ${child.pid} did not connect its ${job.count} sockets within 90 s`)), 90_000);
          child.once('message', (m: FromClients) => {
            clearTimeout(timer);
            if (m.type === 'ready') resolve();
            else reject(new Error(m.type === 'failed' ? m.error : 'unexpected message'));
          });
          child.once('exit', (code) => reject(new Error(`client process exited (${code}) before connecting`)));
          child.send(job);
        });
      }),
    );
  } catch (err) {
    stop();
    throw err;
  }
  let nextId = 0;
  return {
    pids: children.map((c) => c.pid!),
    reset: () => children.forEach((c) => c.send({ type: 'reset' } satisfies ToClients)),
    stats: () =>
      children.map(
        (child) =>
          new Promise((resolve) => {
            const id = ++nextId;
            const onMessage = (m: FromClients) => {
              if (m.type === 'stats' && m.id === id) {
                child.off('message', onMessage);
                resolve(m);
              }
            };
            child.on('message', onMessage);
            child.send({ type: 'stats', id } satisfies ToClients);
          }),
      ),
    stop,
  };
}

/** Latency, coverage and disconnects over all client processes. */
async function collect(clients: Awaited<ReturnType<typeof startClients>>): Promise<Pick<FanoutSide, 'latency' | 'fewest' | 'most' | 'disconnected'>> {
  const all = await Promise.all(clients.stats());
  const histogram = new LatencyHistogram();
  for (const s of all) histogram.merge(new LatencyHistogram(s.counts));
  const perSocket = all.flatMap((s) => s.received);
  return {
    latency: { p50: histogram.percentile(0.5), p99: histogram.percentile(0.99), max: histogram.max, n: histogram.n },
    fewest: Math.min(...perSocket),
    most: Math.max(...perSocket),
    disconnected: all.reduce((n, s) => n + s.disconnected, 0),
  };
}

/** Waits until every socket has `expected` statuses, or the drain time is up. */
async function drained(clients: Awaited<ReturnType<typeof startClients>>, expected: number): Promise<void> {
  const deadline = Date.now() + DRAIN_MS;
  while (Date.now() < deadline) {
    const all = await Promise.all(clients.stats());
    if (all.every((s) => s.received.every((n) => n >= expected))) return;
    await sleep(250);
  }
}

function statusEvents(from: number, count: number, at: string): EventLogEntry[] {
  return Array.from({ length: count }, (_, k) => {
    const n = from + k;
    return {
      topic: 'device.status',
      payload: {
        id: `CAM-FO-${n % DEVICES}`,
        kind: 'camera',
        status: n % 2 ? 'online' : 'offline',
        previous: n % 2 ? 'offline' : 'online',
        lat: 21,
        lon: 105.8,
        area: 'A001',
        at,
      },
    } satisfies EventLogEntry;
  });
}

export async function runFanoutBench(opts: FanoutOptions): Promise<FanoutResult> {
  const sockets = opts.sockets ?? 200;
  const rate = opts.ratePerSec ?? 1000;
  const windowMs = (opts.seconds ?? 20) * 1000;
  const processes = opts.clientProcesses ?? 2;
  const progress = opts.progress ?? (() => undefined);
  const cleanups = new Cleanups('fan-out bench', opts.onCleanup);
  const split = (n: number) => Array.from({ length: processes }, (_, i) => Math.floor(n / processes) + (i < n % processes ? 1 : 0));
  try {
    progress('scratch database, viewers');
    const db = await openBenchDatabase(opts.log);
    cleanups.add(() => db.close());
    if (db.note) throw new Error(`needs a PostgreSQL server for the stack process (${db.note})`);
    const run = randomBytes(3).toString('hex');
    const viewers = Array.from({ length: Math.min(8, sockets) }, (_, i) => ({
      username: `bench-wall-${run}-${i}`,
      password: randomBytes(12).toString('base64url'),
    }));
    for (const v of viewers) await createUser(db.pool, v.username, 'viewer', v.password);

    progress('cityops start (console)');
    const stack = await startStack({
      web: false,
      simulate: false,
      databaseUrl: db.connectionString,
      echoStderr: true,
      startTimeoutMs: 90_000,
      env: { CITYOPS_HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    });
    cleanups.add(() => stack.stop());
    const consoleUrl = stack.consoleUrl.replace('localhost', '127.0.0.1');
    // A few sessions shared by the sockets (a wall room's screens), signed in one after another:
    // the sign-in throttle would take a burst from one address for guessing.
    const cookies: string[] = [];
    for (const v of viewers) cookies.push(await signIn(consoleUrl, v.username, v.password));

    // --- the console ---
    progress(`${sockets} Socket.IO consoles in ${processes} processes`);
    const consoleClients = await startClients(split(sockets).map((count, i) => ({ kind: 'socketio', consoleUrl, cookies: cookies.slice(i), count })));
    cleanups.add(async () => consoleClients.stop());
    const dbName = new URL(db.connectionString).pathname.slice(1);
    const postgresPids = async () =>
      ((await db.pool.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName])).rows as { pid: number }[]).map(
        (r) => r.pid,
      );
    const cpu = new CpuMeter(async () => ({ console: [stack.pid], clients: consoleClients.pids, postgres: await postgresPids() }));

    progress(`${rate.toLocaleString('en')} status changes/s for ${windowMs / 1000} s`);
    let written = 0;
    const write = async (untilMs: number) => {
      const started = Date.now();
      while (Date.now() < untilMs) {
        const due = Math.floor(((Date.now() - started) / 1000) * rate) - written;
        if (due > 0) {
          await appendEvents(db.pool, statusEvents(written, due, new Date().toISOString()));
          written += due;
        }
        await sleep(FRAME_MS);
      }
    };
    // A warm-up second, then the counted window.
    await write(Date.now() + 1000);
    consoleClients.reset();
    written = 0;
    await cpu.begin();
    const t0 = Date.now();
    await write(t0 + windowMs);
    const consoleWindow = Date.now() - t0;
    const consoleCpu = await cpu.end();
    await drained(consoleClients, written);
    const consoleSide: FanoutSide = {
      ...(await collect(consoleClients)),
      written,
      serverCpu: consoleCpu.console ?? 0,
      clientCpu: consoleCpu.clients ?? 0,
      windowMs: consoleWindow,
    };
    consoleClients.stop();

    // --- the raw WebSocket reference ---
    progress(`raw WebSocket broadcast to ${sockets} clients`);
    const script = fileURLToPath(new URL('./raw-broadcast.ts', import.meta.url));
    const server = fork(script, [], { execArgv: ['--import', import.meta.resolve('tsx')], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    cleanups.add(async () => void server.kill('SIGKILL'));
    const port = await new Promise<number>((resolve) => server.once('message', (m: FromBroadcast) => m.type === 'listening' && resolve(m.port)));
    const rawClients = await startClients(split(sockets).map((count) => ({ kind: 'ws', url: `ws://127.0.0.1:${port}`, count })));
    cleanups.add(async () => rawClients.stop());
    const rawCpu = new CpuMeter(async () => ({ server: [server.pid!], clients: rawClients.pids }));
    await rawCpu.begin();
    const r0 = Date.now();
    server.send({ type: 'go', ratePerSec: rate, frameMs: FRAME_MS, devices: DEVICES } satisfies ToBroadcast);
    await sleep(windowMs);
    const stopped = new Promise<number>((resolve) => server.on('message', (m: FromBroadcast) => m.type === 'stopped' && resolve(m.items)));
    server.send({ type: 'stop' } satisfies ToBroadcast);
    const rawItems = await stopped;
    const rawWindow = Date.now() - r0;
    const rawCpuSeconds = await rawCpu.end();
    await drained(rawClients, rawItems);
    const rawSide: FanoutSide = {
      ...(await collect(rawClients)),
      written: rawItems,
      serverCpu: rawCpuSeconds.server ?? 0,
      clientCpu: rawCpuSeconds.clients ?? 0,
      windowMs: rawWindow,
    };
    return { sockets, ratePerSec: rate, console: consoleSide, raw: rawSide, postgresCpu: consoleCpu.postgres ?? 0 };
  } finally {
    await cleanups.run();
  }
}

export function formatFanout(r: FanoutResult): string {
  const cores = (s: FanoutSide) => s.serverCpu / (s.windowMs / 1000);
  const row = (name: string, s: FanoutSide) => [
    name,
    ms(s.latency.p50),
    ms(s.latency.p99),
    ms(s.latency.max),
    `${Math.round((s.latency.n / s.windowMs) * 1000).toLocaleString('en')}/s`,
    s.fewest >= s.written && s.disconnected === 0
      ? 'yes'
      : `NO (fewest ${s.fewest.toLocaleString('en')} of ${s.written.toLocaleString('en')}, ${s.disconnected} dropped)`,
    cores(s).toFixed(2),
  ];
  const c = r.console;
  const within = c.latency.p99 < FANOUT_P99_TARGET_MS && cores(c) < 1 && c.fewest >= c.written && c.disconnected === 0;
  return [
    `(l) fan-out: ${r.sockets} signed-in consoles at ${r.ratePerSec.toLocaleString('en')} device status changes/s (status written → received, batches acknowledged as the wall map does)`,
    formatTable(
      ['', 'p50', 'p99', 'max', 'deliveries', 'every socket got every status', 'server cores'],
      [row('console (cityops start, Socket.IO /ops)', c), row('raw WebSocket broadcast, same frames', r.raw)],
    ),
    `  console ÷ raw server CPU ${(c.serverCpu / Math.max(0.01, r.raw.serverCpu)).toFixed(1)}×; PostgreSQL ${(r.postgresCpu / (c.windowMs / 1000)).toFixed(2)} cores;` +
      ` goal p99 < ${FANOUT_P99_TARGET_MS} ms, every socket keeps up, console under one core: ${within ? 'met' : 'NOT met'}`,
  ].join('\n');
}
