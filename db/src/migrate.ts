import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import type { Logger } from 'pino';
import { withTransaction } from './pool.ts';

export const MIGRATIONS_DIR = join(import.meta.dirname, '..', 'migrations');

export interface Capabilities {
  timescale: boolean;
}

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Lists migrations for the database's capabilities. Files are `NNNN_verb_object.sql`, or a pair
 * `NNNN_verb_object.timescale.sql` / `.plain.sql` when the step differs with TimescaleDB present.
 */
export function listMigrations(caps: Capabilities, dir = MIGRATIONS_DIR): Migration[] {
  const variant = caps.timescale ? 'timescale' : 'plain';
  const byVersion = new Map<number, Migration>();
  for (const file of readdirSync(dir).sort()) {
    const m = /^(\d{4})_([a-z0-9_]+?)(?:\.(timescale|plain))?\.sql$/.exec(file);
    if (!m) continue;
    if (m[3] && m[3] !== variant) continue;
    const version = Number(m[1]);
    if (byVersion.has(version)) throw new Error(`two migrations share version ${m[1]}: ${file}`);
    byVersion.set(version, { version, name: file, sql: readFileSync(join(dir, file), 'utf8') });
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

/** Enables TimescaleDB when the server offers it; plain PostgreSQL gets the fallback path. */
export async function detectCapabilities(pool: pg.Pool): Promise<Capabilities> {
  const available = await pool.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'`);
  if (available.rowCount === 0) return { timescale: false };
  await pool.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
  return { timescale: true };
}

/** Forward-only migrations, each in its own transaction, serialised by an advisory lock. */
export async function migrate(pool: pg.Pool, log: Logger): Promise<Capabilities> {
  const caps = await detectCapabilities(pool);
  await pool.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  await withTransaction(pool, async (client) => {
    // Two processes starting together must not both apply a step (lock released at commit).
    await client.query('SELECT pg_advisory_xact_lock(7428001)');
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const m of listMigrations(caps)) {
      if (done.has(m.version)) continue;
      const started = Date.now();
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      log.info({ migration: m.name, durationMs: Date.now() - started }, 'applied migration');
    }
  });
  return caps;
}
