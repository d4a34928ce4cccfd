/**
 * The embedded database as a stand-alone process (db/src/embedded/main.ts), with the
 * pglite-socket 0.0.19 fixes of pglite-socket-patch.ts. Each test is named after what it pins.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { serialize } from 'pg-protocol';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
let child: ChildProcess;
let url: string;
let stderr = '';
const dataDir = mkdtempSync(join(tmpdir(), 'cityops-embedded-process-'));

/** Runs a pg script in a separate node process that SIGKILLs itself; resolves when it is dead. */
function killedClient(script: string): Promise<void> {
  const code = `import pg from 'pg'; const c = new pg.Client(${JSON.stringify(url)}); await c.connect(); ${script}`;
  const p = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, stdio: 'ignore' });
  return new Promise((r) => p.once('exit', () => r()));
}

async function withClient<T>(fn: (c: pg.Client, notices: string[]) => Promise<T>, queryTimeoutMs?: number): Promise<T> {
  const c = new pg.Client({ connectionString: url, ...(queryTimeoutMs ? { query_timeout: queryTimeoutMs } : {}) });
  const notices: string[] = [];
  c.on('notice', (n) => notices.push(n.message ?? ''));
  await c.connect();
  try {
    return await fn(c, notices);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'db/src/embedded/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, CITYOPS_DATA_DIR: dataDir, CITYOPS_DB_PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`embedded database did not start: ${stderr}`)), 90_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('connectionString'));
      if (line) {
        clearTimeout(timer);
        resolveUrl((JSON.parse(line) as { connectionString: string }).connectionString);
      }
    });
    child.once('exit', (code) => reject(new Error(`embedded database exited ${code}: ${stderr}`)));
  });
  await withClient((c) => c.query('CREATE TABLE IF NOT EXISTS probe (x int)'));
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('embedded database process', () => {
  it('serves a message larger than one TCP read (pglite-socket split it and PGlite trapped: RuntimeError unreachable)', async () => {
    const big = 'x'.repeat(300_000);
    const { rows } = await withClient((c) => c.query<{ n: number }>('SELECT length($1::text) AS n', [big]));
    expect(rows[0]!.n).toBe(300_000);
    // A gateway-sized batch: 5000 rows through unnest arrays in one Bind message.
    const ids = Array.from({ length: 5000 }, (_, i) => i);
    const inserted = await withClient((c) => c.query('INSERT INTO probe SELECT * FROM unnest($1::int[]) RETURNING x', [ids]));
    expect(inserted.rowCount).toBe(5000);
    await withClient((c) => c.query('TRUNCATE probe'));
  });

  it(
    "answers queries whose messages end on PGlite's 8 KiB receive-buffer edge (PGlite dropped the messages after it, Sync included: " +
      'a 1,115-row dead-letter batch was never answered)',
    async () => {
      const sql = 'SELECT length($1::text) AS n';
      // pg sends Parse, Bind, Describe, Execute, Sync in one write; on loopback they arrive in one read.
      const overhead = serialize.parse({ text: sql }).length + serialize.bind({ values: [''] }).length;
      const D = serialize.describe({ type: 'P', name: '' }).length;
      const E = serialize.execute({}).length;
      // The edge after Bind, after Describe, after Execute: each time the rest was lost.
      for (const [edge, tail] of [
        [16_384, 0],
        [16_384, D],
        [24_576, D + E],
      ] as const) {
        const text = 'x'.repeat(edge - overhead - tail);
        const { rows } = await withClient((c) => c.query<{ n: number }>(sql, [text]), 10_000);
        expect(rows[0]!.n).toBe(text.length);
      }
    },
  );

  it('rolls back a client killed inside its transaction (the next client inherited it and committed its writes)', async () => {
    await killedClient(`await c.query('BEGIN'); await c.query('INSERT INTO probe VALUES (1)'); process.kill(process.pid, 'SIGKILL');`);
    const { count, notices } = await withClient(async (c, n) => {
      await c.query('BEGIN');
      const r = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM probe');
      await c.query('COMMIT');
      return { count: r.rows[0]!.n, notices: n };
    });
    expect(count).toBe(0);
    expect(notices.join(' ')).not.toMatch(/already a transaction in progress/);
  });

  it('survives a client killed with a query in flight (an unhandled ECONNRESET rejection ended the process)', async () => {
    await killedClient(`c.query("SELECT repeat('ab', 2000000), pg_sleep(0.2)").catch(() => {}); setTimeout(() => process.kill(process.pid, 'SIGKILL'), 50);`);
    await new Promise((r) => setTimeout(r, 500));
    expect(child.exitCode, stderr).toBeNull();
    const { rows } = await withClient((c) => c.query<{ one: number }>('SELECT 1 AS one'));
    expect(rows[0]!.one).toBe(1);
  });
});
