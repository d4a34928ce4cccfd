import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { receiveBufferSafeParts } from './receive-buffer-boundary.ts';
import { describeMessages, type SocketActivity } from './socket-activity.ts';

/**
 * Fixes for @electric-sql/pglite-socket 0.0.19 (the version that works with the pinned PGlite +
 * TimescaleDB 0.3.14 fork), the first three backported from upstream 0.0.21 (electric-sql/pglite#775, #873):
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
 * 4. PGlite itself drops the messages after one that ends on its 8 KiB receive buffer's edge, and the
 *    query is never answered (receive-buffer-boundary.ts): whole messages are handed over in parts
 *    cut at such an edge.
 * 5. A client reset (ECONNRESET) while it held the database left the next client in the queue until
 *    its queue timeout: the server moves on when a handler closes, and this path never said so.
 *
 * Per database (`setSocketHooks`): the messages in PGlite's hands are recorded for a watchdog, and a
 * test can make PGlite "never answer" chosen messages.
 *
 * Idempotent; call before the server accepts connections. Remove 1–3 when pglite-socket is upgraded
 * (and 5 once it is fixed there), 4 when PGlite is.
 */
export interface SocketHooks {
  /** Where handed-over messages are recorded until answered. */
  activity?: SocketActivity;
  /**
   * Tests only: messages containing this text are held and never answered, as PGlite did with the
   * batch of fix 4. They stay in `activity` for ever, as a wedged database's would.
   */
  neverAnswer?: string;
}

const hooksByDatabase = new WeakMap<object, SocketHooks>();

/** Hooks for the handlers serving `db` (a PGlite instance). */
export function setSocketHooks(db: object, hooks: SocketHooks): void {
  hooksByDatabase.set(db, hooks);
}

export function patchPgliteSocket(): void {
  const proto = PGLiteSocketHandler.prototype as unknown as HandlerInternals & { __cityopsPatched?: boolean };
  if (proto.__cityopsPatched) return;
  proto.__cityopsPatched = true;
  const { handleData, handleError, detach } = proto;

  proto.handleData = function patchedHandleData(this: HandlerInternals, data: Buffer): Promise<number> {
    const state = (this.__frame ??= { buf: Buffer.alloc(0), startupDone: false, chain: Promise.resolve(0) });
    state.buf = state.buf.length ? Buffer.concat([state.buf, data]) : data;
    const ends: number[] = [];
    let end = 0;
    for (;;) {
      const n = frontendMessageLength(state.buf.subarray(end), !state.startupDone);
      if (n === 0) break;
      // The first message without a type byte other than SSLRequest/GSSENCRequest is the StartupMessage.
      if (!state.startupDone && state.buf.readInt32BE(end + 4) === PROTOCOL_3_0) state.startupDone = true;
      end += n;
      ends.push(end);
    }
    if (end === 0) return state.chain;
    const complete = state.buf.subarray(0, end);
    state.buf = state.buf.subarray(end);
    const hooks = hooksByDatabase.get(this.db);
    const done = hooks?.activity?.begin(describeMessages(complete, ends));
    for (const part of receiveBufferSafeParts(complete, ends)) {
      // One handleData at a time: PGlite must see a connection's messages in order.
      state.chain = state.chain
        .then(() => (hooks?.neverAnswer && part.includes(hooks.neverAnswer) ? new Promise<number>(() => undefined) : handleData.call(this, part)))
        .catch(() => 0);
    }
    if (done) void state.chain.then(done);
    return state.chain;
  };

  proto.handleError = function patchedHandleError(this: HandlerInternals, err: Error): void {
    const release = this.resolveLock;
    this.rejectLock = release ? () => release() : undefined;
    const attached = this.socket !== null;
    handleError.call(this, err);
    // Fix 5: detaching removed the socket's close listener, so the server never heard the handler
    // close and left the next client in its queue until the queue timeout (60 s).
    if (attached) this.dispatchEvent(new CustomEvent('close'));
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

interface HandlerInternals extends EventTarget {
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
