import type { PGlite } from '@electric-sql/pglite';

/**
 * What pglite-socket sees of PGlite. PGlite parses every backend message it sends into a JS object
 * and keeps it in a list that only `execProtocol` empties; pglite-socket calls `execProtocolRaw`, so
 * every row and notice ever served over the socket stayed in memory (measured: 6 KB per small query,
 * the embedded stack growing without end under load). Here `execProtocolRaw` goes through
 * `execProtocol`, which returns the same bytes and empties the list, errors included (they are the
 * client's to read, not ours to throw).
 */
export function socketFacade(db: PGlite): PGlite {
  const facade = {
    get waitReady() {
      return db.waitReady;
    },
    runExclusive: <T>(fn: () => Promise<T>) => db.runExclusive(fn),
    execProtocolRaw: async (message: Uint8Array, opts: { syncToFs?: boolean } = {}) =>
      (await db.execProtocol(message, { syncToFs: opts.syncToFs ?? true, throwOnError: false })).data,
    // Used by the socket patch's clean-up on disconnect (two tiny messages, emptied by the next call).
    execProtocolRawSync: (message: Uint8Array) => db.execProtocolRawSync(message),
  };
  return facade as unknown as PGlite;
}
