import type { Logger } from 'pino';

export interface PipelineOptions<T, R> {
  /** Writes one batch durably; resolves when committed. Must be idempotent (it may be retried). */
  write: (batch: T[]) => Promise<R>;
  /** Called after each commit, in order, before the next batch is written. */
  afterCommit: (batch: T[], result: R) => void;
  maxBatch?: number;
  /**
   * How long a batch may wait for company after its first message arrived, unless it fills first
   * (0: written as soon as the event loop is free). Under steady load a few milliseconds turn many
   * small transactions into a few full ones, which is most of what the database spends per message.
   */
  lingerMs?: number;
  /** Above this many buffered messages `push` says "wait": the caller stops reading the socket. */
  highWater?: number;
  /** Backoff bounds for retrying a failed write (the database is down or restarting). */
  retryMinMs?: number;
  retryMaxMs?: number;
  log: Logger;
}

/**
 * Buffers received messages and writes them in batches, one write in flight at a time: while a
 * batch commits the next one fills, so batches grow with load and latency stays low when idle.
 * A failed write is retried with backoff, never dropped; memory is bounded by `highWater`.
 */
export class IngestPipeline<T, R> {
  private buffer: T[] = [];
  private writing = false;
  private writingCount = 0;
  private stopped = false;
  private roomWaiters: (() => void)[] = [];
  /** When the oldest buffered message arrived (epoch ms): a lingering batch is due `lingerMs` after. */
  private oldestAt = 0;
  private lingering: { timer: NodeJS.Timeout; done: () => void } | undefined;
  /** Shutting down: what is buffered goes now, however young. */
  private flushing = false;
  private idleWaiters: (() => void)[] = [];
  private readonly maxBatch: number;
  private readonly highWater: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private readonly lingerMs: number;
  committedBatches = 0;
  committedMessages = 0;
  failedWrites = 0;

  constructor(private readonly opts: PipelineOptions<T, R>) {
    this.maxBatch = opts.maxBatch ?? 5000;
    this.highWater = opts.highWater ?? 20_000;
    this.retryMinMs = opts.retryMinMs ?? 100;
    this.retryMaxMs = opts.retryMaxMs ?? 5000;
    this.lingerMs = opts.lingerMs ?? 0;
  }

  get buffered(): number {
    return this.buffer.length;
  }

  /** Received and not yet committed: the buffer and the batch being written. */
  get pending(): number {
    return this.buffer.length + this.writingCount;
  }

  /** Adds a message; returns false when the buffer is full and the caller should await `room()`. */
  push(item: T): boolean {
    if (this.buffer.length === 0) this.oldestAt = Date.now();
    this.buffer.push(item);
    if (this.lingering && this.buffer.length >= this.maxBatch) this.endLinger();
    if (!this.writing) {
      this.writing = true;
      // Let the rest of the socket chunk be parsed first, so a burst becomes one batch.
      setImmediate(() => void this.drain());
    }
    return this.buffer.length < this.highWater;
  }

  room(): Promise<void> {
    if (this.buffer.length < this.highWater) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** Resolves when everything buffered so far is committed. */
  idle(): Promise<void> {
    if (!this.writing && this.buffer.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops retrying forever: used at shutdown after `idle()` timed out. */
  abandon(): void {
    this.stopped = true;
  }

  /** Writes what is buffered without waiting out the linger: at shutdown. */
  flushNow(): void {
    this.flushing = true;
    this.endLinger();
  }

  /** Waits until the oldest buffered message has lingered `lingerMs`, or the batch is full. */
  private linger(): Promise<void> | undefined {
    const wait = this.oldestAt + this.lingerMs - Date.now();
    if (this.lingerMs <= 0 || this.flushing || wait <= 0 || this.buffer.length >= this.maxBatch) return undefined;
    return new Promise((resolve) => {
      this.lingering = { timer: setTimeout(() => this.endLinger(), wait), done: resolve };
    });
  }

  private endLinger(): void {
    const l = this.lingering;
    if (!l) return;
    this.lingering = undefined;
    clearTimeout(l.timer);
    l.done();
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0 && !this.stopped) {
      const lingering = this.linger();
      if (lingering) await lingering;
      const batch = this.buffer.splice(0, this.maxBatch);
      // What stays behind (more than a batch was buffered) keeps `oldestAt`, already due: under
      // overload batches are full and never linger.
      // Room as soon as the batch leaves the buffer: memory holds at most highWater + one batch.
      this.wakeRoomWaiters();
      const result = await this.writeWithRetry(batch);
      if (result === undefined) break;
      this.committedBatches += 1;
      this.committedMessages += batch.length;
      this.writingCount = 0;
      this.opts.afterCommit(batch, result.value);
    }
    this.writing = false;
    if (this.buffer.length === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  private wakeRoomWaiters(): void {
    if (this.buffer.length < this.highWater) for (const w of this.roomWaiters.splice(0)) w();
  }

  private async writeWithRetry(batch: T[]): Promise<{ value: R } | undefined> {
    this.writingCount = batch.length;
    let delay = this.retryMinMs;
    for (;;) {
      try {
        return { value: await this.opts.write(batch) };
      } catch (err) {
        this.failedWrites += 1;
        if (this.stopped) return undefined;
        this.opts.log.warn({ err, batchSize: batch.length, retryInMs: delay }, 'batch write failed; retrying (nothing is acknowledged until it commits)');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, this.retryMaxMs);
      }
    }
  }
}
