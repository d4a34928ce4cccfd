/**
 * The embedded database as a process of its own: PGlite + TimescaleDB served over the Postgres wire
 * protocol, so other processes (the stack, a gateway, the CLI, the crash test's children) connect with
 * `pg` exactly as to a real server. It serves ONE connection at a time: clients use a pool of size 1
 * and wait in its queue for one another.
 *
 *   CITYOPS_DATA_DIR=./data CITYOPS_DB_PORT=5433 npx tsx db/src/embedded/main.ts
 *
 * Prints one JSON line `{"connectionString": …}` on stdout when ready; SIGTERM/SIGINT close the server
 * and the data directory cleanly, exit 0. Forked with an IPC channel (supervisor.ts, which `cityops
 * start` uses), it also sends `ready` and a heartbeat every second naming what PGlite has not answered
 * yet, stops when the channel closes, and is killed by its orphan guard if its parent dies while
 * PGlite blocks the event loop.
 *
 * CITYOPS_EMBEDDED_TEST_NEVER_ANSWER (tests only): messages containing this text are never answered.
 */
import pino from 'pino';
// Only the environment helpers: the contracts index builds every TypeBox schema as it loads, most of
// a second of this process's start (every restart of the database, too). A subpath of the package
// (not a file path), so the production build resolves it to the compiled module.
import { ConfigError, envLogLevel, envPort, envString } from '@cityops/contracts/env';
import { startEmbeddedDatabase } from './embedded-database.ts';
import { SocketActivity } from './socket-activity.ts';
import { startOrphanGuard } from './orphan-guard.ts';
import { HEARTBEAT_MS, type SupervisionMessage } from './supervision-messages.ts';

/** Longer than main's own 10 s stop deadline: a parent's death normally ends us through 'disconnect'. */
const ORPHAN_GRACE_MS = 15_000;

async function main(): Promise<void> {
  let dataDir: string;
  let port: number;
  let level: ReturnType<typeof envLogLevel>;
  let neverAnswer: string | undefined;
  try {
    dataDir = envString(process.env, 'CITYOPS_DATA_DIR', './data')!;
    port = envPort(process.env, 'CITYOPS_DB_PORT', 0);
    level = envLogLevel(process.env);
    neverAnswer = envString(process.env, 'CITYOPS_EMBEDDED_TEST_NEVER_ANSWER');
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`cityops embedded database: ${err.message}\n`);
    process.exit(2);
  }
  const supervised = typeof process.send === 'function';
  // Logs go to stderr: stdout carries only the ready line a parent parses.
  const log = pino({ level }, pino.destination(2));
  if (supervised) startOrphanGuard(ORPHAN_GRACE_MS, (err) => log.warn({ err }, 'orphan guard failed'));
  const activity = new SocketActivity();
  let db;
  try {
    db = await startEmbeddedDatabase({ dataDir, port, log, hooks: { activity, ...(neverAnswer ? { neverAnswer } : {}) } });
  } catch (err) {
    process.stderr.write(`cityops embedded database: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const ready = { connectionString: db.connectionString, dataDir, pid: process.pid };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  const send = (m: SupervisionMessage) => process.connected && process.send!(m);
  if (supervised) {
    send({ type: 'ready', connectionString: db.connectionString, port: Number(new URL(db.connectionString).port), pid: process.pid });
    setInterval(() => {
      const busy = activity.oldest();
      send({ type: 'heartbeat', busySince: busy?.since ?? null, busyWhat: busy?.what ?? null });
    }, HEARTBEAT_MS).unref();
  }
  const stop = async (signal: string) => {
    log.info({ signal }, 'stopping embedded database');
    // The socket server waits for every client socket to close; one that never does must not keep
    // this process alive (seen with stray processes after a client died mid-query).
    setTimeout(() => {
      process.stderr.write('cityops embedded database: did not stop within 10 s; exiting\n');
      process.exit(1);
    }, 10_000).unref();
    await db.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  if (supervised) {
    // Ctrl-C at a terminal reaches the whole process group: the supervisor still needs us while it
    // stops its own parts, and ends us itself (SIGTERM, or the channel closing).
    process.on('SIGINT', () => undefined);
    // The supervisor is gone (it died, or closed the channel): nobody will ever connect again.
    process.once('disconnect', () => void stop('disconnect'));
  } else {
    process.once('SIGINT', () => void stop('SIGINT'));
  }
}

void main();
