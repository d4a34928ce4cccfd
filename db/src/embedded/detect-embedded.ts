import type { Pool } from '../pool.ts';

/**
 * Whether the database behind `pool` is the embedded one (PGlite: PostgreSQL compiled to
 * WebAssembly, served over a socket by `cityops start`), which serves one connection at a time.
 * A stand-alone process pointed at it must not hold a connection of its own for good (a lease, a
 * LISTEN): it would take the only slot. PGlite says so in its version string; a server never does.
 */
export async function isEmbeddedDatabase(pool: Pool): Promise<boolean> {
  const { rows } = await pool.query<{ v: string }>('SELECT version() AS v');
  return /compiled by emcc/i.test(rows[0]?.v ?? '');
}
