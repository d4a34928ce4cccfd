import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import pino from 'pino';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database.ts';

/**
 * The embedded database serves one connection at a time and queues the others; how it lets them go.
 * A queued client that went away (a process killed, a connection attempt that timed out) left a
 * socket the server only half-closed: its unread startup message kept it open for ever, and stopping
 * the database waited on it for ever (a test's clean-up hung for two minutes). A client reset while
 * it held the database left the next one queued until its 60 s queue timeout.
 */
const dirs: string[] = [];
const open: { db?: EmbeddedDatabase; clients: pg.Client[] } = { clients: [] };

afterEach(async () => {
  for (const c of open.clients.splice(0)) await c.end().catch(() => undefined);
  await open.db?.stop();
  open.db = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function startDatabase(): Promise<EmbeddedDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityops-socket-server-'));
  dirs.push(dataDir);
  open.db = await startEmbeddedDatabase({ dataDir, log: pino({ level: 'silent' }) });
  return open.db;
}

/** A started database whose one connection a client holds (its errors expected: it is ended or reset). */
async function heldDatabase(): Promise<{ db: EmbeddedDatabase; holder: pg.Client }> {
  const db = await startDatabase();
  const holder = new pg.Client({ connectionString: db.connectionString });
  open.clients.push(holder);
  holder.on('error', () => undefined);
  await holder.connect();
  return { db, holder };
}

/** A client that sends its startup message, as pg does, then waits in the server's queue. */
function queuedClient(db: EmbeddedDatabase): Promise<Socket> {
  const { port } = new URL(db.connectionString);
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port: Number(port) }, () => {
      const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
      const startup = Buffer.alloc(8 + params.length);
      startup.writeInt32BE(startup.length, 0);
      startup.writeInt32BE(196_608, 4);
      params.copy(startup, 8);
      s.write(startup, () => resolve(s));
    });
    s.on('error', reject);
  });
}

/** Resolves with how long `p` took, or with Infinity after `limitMs`. */
async function timed(p: Promise<unknown>, limitMs: number): Promise<number> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const out = await Promise.race([p.then(() => Date.now() - started), new Promise<number>((r) => (timer = setTimeout(() => r(Infinity), limitMs)))]);
  clearTimeout(timer);
  return out;
}

describe('stopping the embedded database', () => {
  it('finishes while a client that went away from the queue is still unread', async () => {
    const { db } = await heldDatabase();
    const gone = await queuedClient(db);
    // As when its process is killed: the kernel closes the connection; the server has not read it.
    gone.destroy();

    const stopMs = await timed(db.stop(), 10_000);
    open.db = undefined;
    expect(stopMs, 'stop() still waiting after 10 s').toBeLessThan(10_000);
  }, 60_000);

  it('finishes while a client is waiting in the queue', async () => {
    const { db } = await heldDatabase();
    const waiting = await queuedClient(db);
    const closed = new Promise((r) => waiting.once('close', r));

    const stopMs = await timed(db.stop(), 10_000);
    open.db = undefined;
    expect(stopMs, 'stop() still waiting after 10 s').toBeLessThan(10_000);
    // The waiting client is told: its connection ends rather than hanging.
    expect(await timed(closed, 5_000)).toBeLessThan(5_000);
  }, 60_000);
});

describe('a client reset while it holds the embedded database', () => {
  it('lets the next client in the queue have it at once, not after its 60 s queue timeout', async () => {
    const { db, holder } = await heldDatabase();
    const next = new pg.Client({ connectionString: db.connectionString, connectionTimeoutMillis: 5_000 });
    open.clients.push(next);
    const connecting = next.connect();
    // Let the server queue it behind the holder.
    await new Promise((r) => setTimeout(r, 300));
    // As when the holder's process dies with data unread: a TCP reset, not an orderly close.
    (holder as unknown as { connection: { stream: Socket } }).connection.stream.resetAndDestroy();
    await connecting;
    const { rows } = await next.query<{ n: number }>('SELECT 1 AS n');
    expect(rows[0]!.n).toBe(1);
  }, 60_000);
});
