import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';

/**
 * Fixes for @electric-sql/pglite-socket 0.0.19 (the version that works with the pinned PGlite +
 * TimescaleDB 0.3.14 fork), backported from upstream 0.0.21 (electric-sql/pglite#775, #873):
 *
 * 1. Framing. The handler hands every TCP read to PGlite as if it were whole protocol messages. A
 *    message larger than one read (~64 KiB: a gateway batch of ~600 rows) arrives in pieces and
 *    PGlite traps (`RuntimeError: unreachable`), taking the database down. We buffer until messages
 *    are complete and pass only whole messages, one batch at a time, in order.
 * 2. A client that dies mid-query (ECONNRESET) made the handler reject its lock promise, which nobody
 *    handles: an unhandled rejection that ends the whole process. We release the lock instead.
 * 3. PGlite has one session for all connections, so a client killed inside a transaction left it
 *    open for the next client (whose BEGIN then became a no-op and whose COMMIT committed the dead
 *    client's writes). On every disconnect, while still holding the lock, we end any extended-query
 *    sequence (Sync) and roll back.
 *
 * Idempotent; call before the server accepts connections. Remove when pglite-socket is upgraded.
 */
export function patchPgliteSocket(): void {
  const proto = PGLiteSocketHandler.prototype as unknown as HandlerInternals & { __cityopsPatched?: boolean };
  if (proto.__cityopsPatched) return;
  proto.__cityopsPatched = true;
  const { handleData, handleError, detach } = proto;

  proto.handleData = function patchedHandleData(this: HandlerInternals, data: Buffer): Promise<number> {
    const state = (this.__frame ??= { buf: Buffer.alloc(0), startupDone: false, chain: Promise.resolve(0) });
    state.buf = state.buf.length ? Buffer.concat([state.buf, data]) : data;
    let end = 0;
    for (;;) {
      const n = frontendMessageLength(state.buf.subarray(end), !state.startupDone);
      if (n === 0) break;
      // The first message without a type byte other than SSLRequest/GSSENCRequest is the StartupMessage.
      if (!state.startupDone && state.buf.readInt32BE(end + 4) === PROTOCOL_3_0) state.startupDone = true;
      end += n;
    }
    if (end === 0) return state.chain;
    const complete = state.buf.subarray(0, end);
    state.buf = state.buf.subarray(end);
    // One handleData at a time: PGlite must see a connection's messages in order.
    state.chain = state.chain.then(() => handleData.call(this, complete)).catch(() => 0);
    return state.chain;
  };

  proto.handleError = function patchedHandleError(this: HandlerInternals, err: Error): void {
    const release = this.resolveLock;
    this.rejectLock = release ? () => release() : undefined;
    handleError.call(this, err);
  };

  proto.detach = function patchedDetach(this: HandlerInternals, close?: boolean) {
    if (this.socket) {
      try {
        // Synchronous and outside PGlite's query mutex, which this handler holds.
        this.db.execProtocolRawSync(SYNC);
        this.db.execProtocolRawSync(ROLLBACK);
      } catch {
        // The next client finds out; nothing better to do here.
      }
    }
    if (this.__frame) this.__frame = { buf: Buffer.alloc(0), startupDone: false, chain: Promise.resolve(0) };
    return detach.call(this, close);
  };
}

interface HandlerInternals {
  db: { execProtocolRawSync(message: Uint8Array): Uint8Array };
  socket: unknown;
  resolveLock?: () => void;
  rejectLock?: (err: Error) => void;
  handleData(data: Buffer): Promise<number>;
  handleError(err: Error): void;
  detach(close?: boolean): unknown;
  __frame?: { buf: Buffer; startupDone: boolean; chain: Promise<number> };
}

const PROTOCOL_3_0 = 196_608;
const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]);
const ROLLBACK = (() => {
  const sql = Buffer.from('ROLLBACK\0');
  const b = Buffer.alloc(5 + sql.length);
  b.write('Q', 0);
  b.writeInt32BE(4 + sql.length, 1);
  sql.copy(b, 5);
  return new Uint8Array(b);
})();

/**
 * Length of the first complete frontend message in `buf`, 0 if it is not complete yet. Before the
 * StartupMessage, messages have no type byte (Int32 length, Int32 code); after it, a type byte and
 * an Int32 length that counts itself but not the type byte.
 */
export function frontendMessageLength(buf: Buffer, untyped: boolean): number {
  if (untyped) {
    if (buf.length < 8) return 0;
    const len = buf.readInt32BE(0);
    return buf.length >= len ? len : 0;
  }
  if (buf.length < 5) return 0;
  const len = 1 + buf.readInt32BE(1);
  return buf.length >= len ? len : 0;
}
