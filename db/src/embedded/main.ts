/**
 * The embedded database as a process of its own: PGlite + TimescaleDB served over the Postgres wire
 * protocol, so other processes (a gateway, the CLI, the crash test's children) connect with `pg`
 * exactly as to a real server. It serves ONE connection at a time: clients use a pool of size 1 and
 * wait in its queue for one another.
 *
 *   CITYOPS_DATA_DIR=./data CITYOPS_DB_PORT=5433 npx tsx db/src/embedded/main.ts
 *
 * Prints one JSON line `{"connectionString": …}` on stdout when ready (and sends the same object over
 * IPC when forked); SIGTERM/SIGINT close the server and the data directory cleanly, exit 0.
 */
import pino from 'pino';
import { ConfigError, envLogLevel, envPort, envString } from '@cityops/contracts';
import { startEmbeddedDatabase } from './embedded-database.ts';

async function main(): Promise<void> {
  let dataDir: string;
  let port: number;
  let level: ReturnType<typeof envLogLevel>;
  try {
    dataDir = envString(process.env, 'CITYOPS_DATA_DIR', './data')!;
    port = envPort(process.env, 'CITYOPS_DB_PORT', 0);
    level = envLogLevel(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`cityops embedded database: ${err.message}\n`);
    process.exit(2);
  }
  // Logs go to stderr: stdout carries only the ready line a parent parses.
  const log = pino({ level }, pino.destination(2));
  let db;
  try {
    db = await startEmbeddedDatabase({ dataDir, port, log });
  } catch (err) {
    process.stderr.write(`cityops embedded database: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const ready = { connectionString: db.connectionString, dataDir, pid: process.pid };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.send?.(ready);
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
  process.once('SIGINT', () => void stop('SIGINT'));
}

void main();
