import type { ClientBase } from 'pg';

/**
 * Whether a database's `version()` is PGlite's: PostgreSQL compiled to WebAssembly (by emcc), which
 * the embedded database serves one connection at a time and without COPY FROM STDIN over its socket.
 * A PostgreSQL server never says so.
 */
export function servedByPglite(version: string): boolean {
  return /compiled by emcc/i.test(version);
}

/** Asks the database behind `client` whether it is the embedded one (PGlite). */
export async function connectedToPglite(client: Pick<ClientBase, 'query'>): Promise<boolean> {
  const { rows } = await client.query<{ v: string }>('SELECT version() AS v');
  return servedByPglite(rows[0]?.v ?? '');
}
