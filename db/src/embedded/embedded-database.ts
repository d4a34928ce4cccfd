import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { PGlite } from '@electric-sql/pglite';
import { timescaledb } from '@electric-sql/pglite/timescaledb';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { closeConnectionsFully } from './connection-closer.ts';
import { patchPgliteSocket, setSocketHooks, type SocketHooks } from './pglite-socket-patch.ts';
import { socketFacade } from './socket-facade.ts';

/**
 * The embedded default database: PGlite (Postgres in WASM) with TimescaleDB, served over the
 * Postgres wire protocol so every component talks to it through `pg`, exactly as to a real server.
 * This is the only module that knows about PGlite (ADR 0002); swapping the package alias in
 * db/package.json back to the official @electric-sql/pglite keeps everything but Timescale working.
 */
export interface EmbeddedDatabase {
  connectionString: string;
  /** The socket server handles one client connection at a time: pools must be of size 1. */
  maxConnections: 1;
  dataDir: string;
  stop(): Promise<void>;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`the embedded database in ${dataDir} is in use by process ${pid}; stop it first or set CITYOPS_DATA_DIR`);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * How long a start waits for a holder of the lock whose parent is gone: a supervised database
 * process whose stack was killed stops by itself (main.ts: at once, or via its orphan guard).
 */
const ORPHAN_EXIT_WAIT_MS = 20_000;

/**
 * PGlite must never open one data directory twice: that corrupts it. A pid lock file guards it,
 * holding the owner's pid and its parent's.
 */
async function acquireLock(lockPath: string, dataDir: string): Promise<void> {
  const until = Date.now() + ORPHAN_EXIT_WAIT_MS;
  for (;;) {
    let holder: number[] = [];
    try {
      holder = readFileSync(lockPath, 'utf8').trim().split(/\s+/).map(Number);
    } catch {
      // no lock file: free
    }
    const [pid, parent] = holder;
    if (!pid || pid === process.pid || !processAlive(pid)) break;
    const orphaned = parent !== undefined && parent > 1 && !processAlive(parent);
    if (!orphaned || Date.now() > until) throw new DataDirLockedError(dataDir, pid);
    await new Promise((r) => setTimeout(r, 100));
  }
  writeFileSync(lockPath, `${process.pid} ${process.ppid}`);
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  log: Logger;
  port?: number;
  /** What the socket handlers report or, in tests, withhold (pglite-socket-patch.ts). */
  hooks?: SocketHooks;
}

export async function startEmbeddedDatabase(opts: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const pgDir = join(opts.dataDir, 'pgdata');
  mkdirSync(pgDir, { recursive: true });
  const lockPath = join(opts.dataDir, 'pgdata.lock');
  await acquireLock(lockPath, opts.dataDir);
  // pglite-socket 0.0.19 crashes on messages over ~64 KiB (a large batch) and on clients killed
  // mid-query, and leaks a dead client's open transaction to the next one; PGlite drops messages
  // after one that ends on its receive buffer's edge: patched until upgraded.
  patchPgliteSocket();
  const started = Date.now();
  const db = await PGlite.create({ dataDir: pgDir, extensions: { timescaledb } });
  // PGlite has no shared_preload_libraries: on a reopened data directory TimescaleDB's library is not
  // loaded until something loads it, and until then inserts into hypertables fail ("invalid INSERT on
  // the root table") and continuous-aggregate triggers report a wrong licence. Load it up front.
  const installed = await db.query(`SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'`);
  if (installed.rows.length > 0) await db.exec(`LOAD 'timescaledb'`);
  const served = socketFacade(db);
  if (opts.hooks) setSocketHooks(served, opts.hooks);
  // Clients wait in the server's queue while another holds the connection; a minute covers a CLI
  // command arriving during a long batch.
  const server = new PGLiteSocketServer({ db: served, host: '127.0.0.1', port: opts.port ?? 0, connectionQueueTimeout: 60_000 });
  await server.start();
  const connections = closeConnectionsFully(server);
  const [host, port] = server.getServerConn().split(':');
  opts.log.info({ dataDir: opts.dataDir, durationMs: Date.now() - started, port: Number(port) }, 'embedded database ready');
  let stopped = false;
  return {
    connectionString: `postgres://postgres@${host}:${port}/postgres`,
    maxConnections: 1,
    dataDir: opts.dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      const stopping = server.stop();
      // It waits for every connection to close; those it only ended are closed here.
      connections.destroyAll();
      await stopping;
      await db.close();
      rmSync(lockPath, { force: true });
    },
  };
}
