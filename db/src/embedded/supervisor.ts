import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import type { EmbeddedDatabase } from './embedded-database.ts';
import { isSupervisionMessage, type SupervisionMessage } from './supervision-messages.ts';

/**
 * The embedded database in a child process of its own (main.ts), watched and restarted. PGlite runs
 * queries synchronously inside WebAssembly: one that never returns blocks the event loop of the
 * process it runs in, and only another process can end it. So the stack runs it here: the child sends
 * a heartbeat every second naming what PGlite has not answered yet; when the heartbeats stop, or the
 * same messages stay unanswered, for `wedgeMs`, the child is killed and started again on the same
 * data directory and port. Committed transactions are in the write-ahead log, which PGlite replays on
 * start; the pool's connections fail and it reconnects. A child that dies on its own (a WebAssembly
 * trap) is restarted the same way.
 */
export interface SupervisedDatabase extends EmbeddedDatabase {
  /** The pid of the database process now (it changes with each restart). */
  pid(): number;
  /** How many times the database was restarted. */
  restarts(): number;
  /**
   * Restart the database from now on when it stops answering. Not before: migrations at start may
   * legitimately run longer than `wedgeMs`, and a start that hangs is seen by whoever started it.
   */
  watch(): void;
}

export interface SupervisorOptions {
  dataDir: string;
  log: Logger;
  /** 0 (default): any free port, kept across restarts. */
  port?: number;
  /** How long PGlite may leave messages unanswered, or the child send no heartbeat, before a restart. */
  wedgeMs?: number;
  /** Extra environment for the child (tests: CITYOPS_EMBEDDED_TEST_NEVER_ANSWER). */
  env?: Record<string, string>;
}

/**
 * Longest an embedded query may go unanswered before the database counts as wedged. Every statement
 * of ours takes well under a second there (a gateway batch, an hour of a rollup refresh); this leaves
 * a restart (about 5 s) inside half a minute.
 */
export const EMBEDDED_WEDGE_MS = 15_000;

// Compiled by `npm run build`, this module is supervisor.js beside main.js, and tsx is not installed.
const COMPILED = import.meta.url.endsWith('.js');
const MAIN = fileURLToPath(new URL(COMPILED ? './main.js' : './main.ts', import.meta.url));

/** How the child is started: as this process runs, compiled or from source. */
function childArgs(): string[] {
  // Compiled, the child resolves our packages to their builds too, whether this process was given the
  // condition on its command line or by the cityops bin's resolve hook.
  if (COMPILED) return ['--conditions=cityops-dist', MAIN];
  // From source, the child runs TypeScript like we do; tsx resolved from here, so the caller's working
  // directory does not matter.
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, MAIN];
}
const START_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 15_000;
const RETRY_MS = 2000;

interface Running {
  child: ChildProcess;
  port: number;
  connectionString: string;
  lastHeartbeat: number;
  busySince: number | null;
  busyWhat: string | null;
  exited: Promise<void>;
}

function spawnDatabase(opts: SupervisorOptions, dataDir: string, port: number): Promise<Running> {
  const child = spawn(process.execPath, childArgs(), {
    env: { ...process.env, ...opts.env, CITYOPS_DATA_DIR: dataDir, CITYOPS_DB_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    // The child logs JSON lines to stderr; they stay the operator's to read.
    process.stderr.write(chunk);
    stderr = (stderr + chunk).slice(-2000);
  });
  return new Promise<Running>((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the embedded database did not start within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    const onMessage = (m: unknown) => {
      if (!isSupervisionMessage(m) || m.type !== 'ready') return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('message', onMessage);
      ok({ child, port: m.port, connectionString: m.connectionString, lastHeartbeat: Date.now(), busySince: null, busyWhat: null, exited });
    };
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      // main.ts writes its one-line reason ("cityops embedded database: …") last.
      const reason = stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('cityops embedded database:'))
        .pop()
        ?.replace('cityops embedded database: ', '');
      fail(new Error(reason ?? `the embedded database exited (${signal ?? code}) before it was ready`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function startSupervisedDatabase(opts: SupervisorOptions): Promise<SupervisedDatabase> {
  const log = opts.log.child({ component: 'embedded-database-supervisor' });
  const dataDir = resolve(opts.dataDir);
  const wedgeMs = opts.wedgeMs ?? EMBEDDED_WEDGE_MS;
  let current = await spawnDatabase(opts, dataDir, opts.port ?? 0);
  const port = current.port;
  const connectionString = current.connectionString;
  let restarts = 0;
  let watching = false;
  let stopped = false;
  let restarting: Promise<void> | undefined;

  const follow = (r: Running) => {
    r.child.on('message', (m: SupervisionMessage) => {
      if (!isSupervisionMessage(m) || m.type !== 'heartbeat') return;
      r.lastHeartbeat = Date.now();
      r.busySince = m.busySince;
      r.busyWhat = m.busyWhat;
    });
    r.child.once('exit', (code, signal) => {
      if (stopped || r !== current || restarting) return;
      log.error({ code, signal, pid: r.child.pid }, 'embedded database exited; starting it again');
      void restart();
    });
  };

  const restart = (): Promise<void> => {
    restarting ??= (async () => {
      const old = current;
      old.child.kill('SIGKILL');
      await old.exited;
      while (!stopped) {
        try {
          const started = Date.now();
          current = await spawnDatabase(opts, dataDir, port);
          follow(current);
          restarts++;
          log.warn({ pid: current.child.pid, port, durationMs: Date.now() - started, restarts }, 'embedded database restarted');
          if (stopped) await stopChild(current);
          return;
        } catch (err) {
          log.error({ err, retryInMs: RETRY_MS }, 'embedded database did not restart; trying again');
          await new Promise((r) => setTimeout(r, RETRY_MS));
        }
      }
    })().finally(() => (restarting = undefined));
    return restarting;
  };

  follow(current);
  let lastTick = Date.now();
  const watchdog = setInterval(() => {
    const now = Date.now();
    // Our own event loop was blocked: the heartbeats that came meanwhile are still queued behind
    // this timer. Judge again once they are read.
    const late = now - lastTick > 1500;
    lastTick = now;
    if (!watching || stopped || restarting || late) return;
    const silentMs = now - current.lastHeartbeat;
    const busyMs = current.busySince === null ? 0 : now - current.busySince;
    if (silentMs < wedgeMs && busyMs < wedgeMs) return;
    log.error(
      { pid: current.child.pid, silentMs, busyMs, unanswered: current.busyWhat },
      silentMs >= wedgeMs
        ? 'embedded database sent no heartbeat (blocked inside PGlite); restarting it'
        : 'embedded database left a query unanswered; restarting it',
    );
    void restart();
  }, 500);
  watchdog.unref();

  return {
    connectionString,
    maxConnections: 1,
    dataDir: opts.dataDir,
    pid: () => current.child.pid!,
    restarts: () => restarts,
    watch() {
      current.lastHeartbeat = Date.now();
      watching = true;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(watchdog);
      await restarting;
      await stopChild(current);
    },
  };
}

async function stopChild(r: Running): Promise<void> {
  if (r.child.exitCode !== null || r.child.signalCode !== null) return;
  r.child.kill('SIGTERM');
  const timer = setTimeout(() => r.child.kill('SIGKILL'), STOP_GRACE_MS);
  await r.exited;
  clearTimeout(timer);
}
