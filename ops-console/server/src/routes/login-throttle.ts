/**
 * How many passwords anyone gets to try. Three buckets, each with its own limit: per client
 * address (one attacker), per account (many addresses against one user), and overall (a botnet
 * spread over many accounts and addresses). A bucket that reaches its limit locks for `lockMs`,
 * doubling with every further lock up to `maxLockMs`, so a patient attacker gets a handful of
 * guesses an hour while a user who mistypes waits a minute.
 *
 * An attempt holds its place from admission until it is settled, so a burst of concurrent
 * sign-ins cannot all pass the check before the first failure is counted. Pure: time comes in.
 */
export interface ThrottleRule {
  /** Failed (or still unsettled) attempts within `windowMs` that lock the bucket. */
  limit: number;
  windowMs: number;
  /** First lock; each lock after it is twice as long, up to `maxLockMs`. */
  lockMs: number;
  maxLockMs: number;
}

export interface ThrottleRules {
  address: ThrottleRule;
  account: ThrottleRule;
  global: ThrottleRule;
}

export const LOGIN_RULES: ThrottleRules = {
  address: { limit: 10, windowMs: 5 * 60_000, lockMs: 60_000, maxLockMs: 60 * 60_000 },
  // An account lock also locks out its owner; it stays short and grows only under a sustained attack.
  account: { limit: 10, windowMs: 5 * 60_000, lockMs: 60_000, maxLockMs: 15 * 60_000 },
  global: { limit: 200, windowMs: 5 * 60_000, lockMs: 30_000, maxLockMs: 5 * 60_000 },
};

export interface LoginAttempt {
  address: string;
  username: string;
}

export type Admission = { ok: true; ticket: Ticket } | { ok: false; retryAfterMs: number; bucket: keyof ThrottleRules };

/** An admitted attempt; settle it once, with the outcome. */
export interface Ticket {
  readonly keys: readonly BucketKey[];
}

interface BucketKey {
  kind: keyof ThrottleRules;
  key: string;
}

interface Bucket {
  failures: number[];
  inFlight: number;
  lockedUntil: number;
  /** Locks so far; forgotten after a quiet `maxLockMs` twice over. */
  locks: number;
  lastLockAt: number;
}

export class LoginThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly rules: ThrottleRules = LOGIN_RULES,
    private readonly maxBuckets = 20_000,
  ) {}

  /** Before a password is verified: a ticket, or how long every caller of this bucket must wait. */
  admit(attempt: LoginAttempt, now: number): Admission {
    const keys: BucketKey[] = [
      { kind: 'address', key: `address:${attempt.address}` },
      // Names are compared as people type them: "Admin " and "admin" are one account to guess.
      { kind: 'account', key: `account:${attempt.username.trim().normalize('NFC').toLowerCase()}` },
      { kind: 'global', key: 'global' },
    ];
    let wait: { ms: number; bucket: keyof ThrottleRules } | undefined;
    for (const { kind, key } of keys) {
      const b = this.bucket(key, kind, now);
      const rule = this.rules[kind];
      let ms = b.lockedUntil - now;
      // Full with attempts still being verified: wait for them rather than exceed the limit.
      if (ms <= 0 && b.failures.length + b.inFlight >= rule.limit) ms = 1000;
      if (ms > 0 && (!wait || ms > wait.ms)) wait = { ms, bucket: kind };
    }
    if (wait) return { ok: false, retryAfterMs: wait.ms, bucket: wait.bucket };
    for (const { key, kind } of keys) this.bucket(key, kind, now).inFlight++;
    return { ok: true, ticket: { keys } };
  }

  /** The outcome of an admitted attempt; only failures count against the buckets. */
  settle(ticket: Ticket, outcome: 'failed' | 'succeeded', now: number): void {
    for (const { key, kind } of ticket.keys) {
      const b = this.bucket(key, kind, now);
      b.inFlight = Math.max(0, b.inFlight - 1);
      if (outcome === 'succeeded') continue;
      b.failures.push(now);
      const rule = this.rules[kind];
      if (b.failures.length >= rule.limit) {
        b.locks++;
        b.lastLockAt = now;
        b.lockedUntil = now + Math.min(rule.lockMs * 2 ** (b.locks - 1), rule.maxLockMs);
        b.failures = [];
      }
    }
    this.evict(now);
  }

  private bucket(key: string, kind: keyof ThrottleRules, now: number): Bucket {
    const rule = this.rules[kind];
    let b = this.buckets.get(key);
    if (!b) {
      b = { failures: [], inFlight: 0, lockedUntil: 0, locks: 0, lastLockAt: 0 };
      this.buckets.set(key, b);
    }
    b.failures = b.failures.filter((t) => now - t < rule.windowMs);
    if (b.locks > 0 && now >= b.lockedUntil && now - b.lastLockAt > 2 * rule.maxLockMs) b.locks = 0;
    return b;
  }

  /** Bounded memory: idle buckets go first; a lock is only dropped if the map is still full of them. */
  private evict(now: number): void {
    if (this.buckets.size <= this.maxBuckets) return;
    for (const [key, b] of this.buckets) {
      const rule = this.rules[key === 'global' ? 'global' : key.startsWith('account:') ? 'account' : 'address'];
      const idle =
        b.inFlight === 0 &&
        now >= b.lockedUntil &&
        b.failures.every((t) => now - t >= rule.windowMs) &&
        (b.locks === 0 || now - b.lastLockAt > 2 * rule.maxLockMs);
      if (idle) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxBuckets) break;
      if (key !== 'global') this.buckets.delete(key);
    }
  }
}
