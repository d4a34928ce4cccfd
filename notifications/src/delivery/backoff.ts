export interface BackoffOptions {
  /** The wait after the first failed attempt. */
  baseMs: number;
  /** No wait grows past this. */
  maxMs: number;
}

/**
 * The wait before attempt `attempt + 1`: doubling from `baseMs`, capped at `maxMs`, with "equal
 * jitter" (half fixed, half random) so receivers that come back are not hit by every notifier in
 * the same millisecond, while no wait falls below half the schedule. `random` is in [0, 1).
 */
export function retryDelayMs(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const exp = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/**
 * After a failed attempt: when to try again, or null to give up (a final refusal, or the next try
 * would fall past the give-up time). `notBefore` holds the retry back (an open circuit).
 */
export function nextAttemptAt(
  attempt: number,
  failure: { permanent: boolean },
  giveUpAt: Date,
  now: number,
  o: BackoffOptions,
  random?: () => number,
  notBefore = 0,
): Date | null {
  const next = Math.max(now + retryDelayMs(attempt, o, random), notBefore);
  return failure.permanent || next > giveUpAt.getTime() ? null : new Date(next);
}
