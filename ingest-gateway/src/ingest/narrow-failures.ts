/**
 * Narrows a failed batch write to the message that causes it, so that one message can never stop
 * the stream, while a database that is down still stops (and retries) everything.
 *
 * The rule: when a write fails, ask whether the database answers at all (`reachable`). If it does
 * not, the failure is the database's: throw, and the caller retries the whole batch later. If it
 * does, the failure belongs to the batch: split it in halves and write each, down to one message,
 * which is then stored as refused (a dead letter). A message that cannot even be stored as refused
 * while the database answers is set aside: counted, logged, acknowledged, never retried for ever.
 * Errors the database calls passing (serialization failures, deadlocks) are first retried as they
 * are, a few times.
 */
export interface NarrowingStore<M, R> {
  /** Writes the messages in one transaction. */
  commit(messages: readonly M[]): Promise<R>;
  /** Writes one message as refused (a dead letter with the error), in one transaction. */
  commitRefused(message: M, err: unknown): Promise<R>;
  /** The result for a message that could not be stored at all. Must not touch the database. */
  setAside(message: M, err: unknown): R;
  /** Whether the database answers a trivial query now. */
  reachable(): Promise<boolean>;
  merge(results: readonly R[]): R;
}

export class DatabaseUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super(`database unavailable: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/** SQLSTATEs that say "try again", not "this data is wrong": serialization failure, deadlock. */
const PASSING = new Set(['40001', '40P01']);

export function isPassingFailure(err: unknown): boolean {
  return PASSING.has((err as { code?: unknown })?.code as string);
}

/**
 * A query the database never answered (pg gave up waiting for the reply), as opposed to one it
 * refused, a connection it dropped, or a connection the pool could not hand out in time: only this
 * kind of failure can be the batch's own doing (a combination of rows the database chokes on).
 */
export function isUnanswered(err: unknown): boolean {
  const message = (err as { message?: unknown })?.message;
  return typeof message === 'string' && /^Query read timeout$/i.test(message);
}

/**
 * A failure of the connection rather than of the statement: no connection to be had (refused,
 * reset, the pool's wait for one timed out), one that broke, or a reply that never came. The
 * database said nothing about the batch's data, so the batch is retried whole (and, when the reply
 * never came, in halves: `retryingWrite`), never narrowed to a message and dead-lettered.
 */
export function isConnectionFailure(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    // SQLSTATE classes 08 (connection exception), 57P (shut down, cannot connect now), 53300 (too many connections).
    return code.startsWith('08') || code.startsWith('57P') || code === '53300';
  }
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return true; // ECONNREFUSED, ECONNRESET, EPIPE, ETIMEDOUT …
  return (
    typeof message === 'string' &&
    /^Query read timeout$|timeout exceeded when trying to connect|Connection terminated|connection error|not queryable/i.test(message)
  );
}

export interface NarrowOptions {
  /** Tries of a write that failed with a passing error before the batch is split. */
  passingRetries?: number;
  /**
   * Halvings to make before writing at all: how many times this batch already failed with the
   * database going unanswered (see `retryingWrite`). A query the database never answers, once
   * retried whole, would never answer again; split, its parts do. A single message still left
   * with halvings to spare is the cause itself, and is set aside rather than retried for ever.
   */
  presplit?: number;
}

export async function writeNarrowing<M, R>(store: NarrowingStore<M, R>, batch: readonly M[], opts: NarrowOptions = {}): Promise<R> {
  const passingRetries = opts.passingRetries ?? 3;
  const presplit = opts.presplit ?? 0;
  if (presplit > 0 && batch.length > 1) return writeHalves(store, batch, { ...opts, presplit: presplit - 1 });
  let err: unknown;
  for (let attempt = 0; ; attempt++) {
    try {
      return await store.commit(batch);
    } catch (e) {
      err = e;
    }
    if (isConnectionFailure(err) || !(await store.reachable())) {
      if (batch.length === 1 && presplit > 1 && isUnanswered(err)) return store.setAside(batch[0]!, err);
      throw new DatabaseUnavailableError(err);
    }
    if (!isPassingFailure(err) || attempt + 1 >= passingRetries) break;
  }
  if (batch.length > 1) return writeHalves(store, batch, opts);
  const [message] = batch as [M];
  try {
    return await store.commitRefused(message, err);
  } catch (refusedErr) {
    if (isConnectionFailure(refusedErr) || !(await store.reachable())) {
      if (presplit > 1 && isUnanswered(refusedErr)) return store.setAside(message, refusedErr);
      throw new DatabaseUnavailableError(refusedErr);
    }
    return store.setAside(message, refusedErr);
  }
}

/** In order: the first half's receipts and acknowledgements come before the second's. */
async function writeHalves<M, R>(store: NarrowingStore<M, R>, batch: readonly M[], opts: NarrowOptions): Promise<R> {
  const mid = Math.ceil(batch.length / 2);
  const first = await writeNarrowing(store, batch.slice(0, mid), opts);
  const second = await writeNarrowing(store, batch.slice(mid), opts);
  return store.merge([first, second]);
}

/**
 * The write a pipeline retries: while the database does not answer, a retry waits without
 * counting; a batch whose query went unanswered although the database answered before the write
 * is, on its next try, written in halves (one more halving per such failure). Refused connections
 * and dropped ones (a database restarting) never count against a batch.
 */
export function retryingWrite<M, R>(store: NarrowingStore<M, R>, opts: Omit<NarrowOptions, 'presplit'> = {}): (batch: readonly M[]) => Promise<R> {
  const failures = new WeakMap<readonly M[], number>();
  return async (batch) => {
    const failed = failures.get(batch) ?? 0;
    if (failed > 0 && !(await store.reachable())) throw new DatabaseUnavailableError(new Error('database still down before the retry'));
    try {
      return await writeNarrowing(store, batch, { ...opts, presplit: failed });
    } catch (err) {
      if (err instanceof DatabaseUnavailableError && isUnanswered(err.cause)) failures.set(batch, failed + 1);
      throw err;
    }
  };
}
