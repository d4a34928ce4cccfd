/**
 * Fire events waiting for their receipt (panels resend until the receipt arrives,
 * as SIA DC-09 receivers acknowledge every event). A resend repeats the exact bytes: same seq,
 * same ts, same payload, so the server stores the event once.
 */
export interface ResendPolicy {
  intervalMs: number;
  /** Resends after the first send; then the event is given up and counted. */
  maxAttempts: number;
}

export const DEFAULT_RESEND: ResendPolicy = { intervalMs: 5_000, maxAttempts: 20 };

export interface PendingHooks {
  /** Publish the bytes; false when the connection is down (the attempt is not spent then). */
  send(bytes: Buffer, resend: boolean): boolean;
  onResend(seq: number, attempt: number): void;
  onExhausted(seq: number): void;
}

interface Pending {
  bytes: Buffer;
  attempts: number;
  timer: NodeJS.Timeout;
}

export class PendingReceipts {
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly policy: ResendPolicy,
    private readonly hooks: PendingHooks,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  /** Send now and keep resending until `settle(seq)`. */
  track(seq: number, bytes: Buffer): void {
    const entry: Pending = { bytes, attempts: 0, timer: this.schedule(seq) };
    this.pending.set(seq, entry);
    this.hooks.send(bytes, false);
  }

  /** A receipt arrived; false if this seq was not pending (a duplicate receipt after a resend). */
  settle(seq: number): boolean {
    const entry = this.pending.get(seq);
    if (!entry) return false;
    clearTimeout(entry.timer);
    this.pending.delete(seq);
    return true;
  }

  /** Resend everything pending at once: after a reconnect an alarm should not wait for its timer. */
  flush(): void {
    for (const [seq, entry] of this.pending) {
      if (entry.attempts < this.policy.maxAttempts && this.hooks.send(entry.bytes, true)) {
        entry.attempts += 1;
        this.hooks.onResend(seq, entry.attempts);
      }
    }
  }

  clear(): void {
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
    this.pending.clear();
  }

  private schedule(seq: number): NodeJS.Timeout {
    return setTimeout(() => this.resend(seq), this.policy.intervalMs);
  }

  private resend(seq: number): void {
    const entry = this.pending.get(seq);
    if (!entry) return;
    if (entry.attempts >= this.policy.maxAttempts) {
      this.pending.delete(seq);
      this.hooks.onExhausted(seq);
      return;
    }
    if (this.hooks.send(entry.bytes, true)) {
      entry.attempts += 1;
      this.hooks.onResend(seq, entry.attempts);
    }
    entry.timer = this.schedule(seq);
  }
}
