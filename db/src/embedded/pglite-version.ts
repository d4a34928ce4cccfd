/**
 * Whether a database's `version()` is PGlite's: PostgreSQL compiled to WebAssembly (by emcc), which
 * the embedded database serves one connection at a time and without COPY FROM STDIN over its socket.
 * A PostgreSQL server never says so.
 */
export function servedByPglite(version: string): boolean {
  return /compiled by emcc/i.test(version);
}
