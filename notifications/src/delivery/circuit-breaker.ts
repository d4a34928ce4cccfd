export interface BreakerOptions {
  /** Consecutive failed attempts that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit holds deliveries back before one trial attempt. */
  openMs: number;
}

type BreakerState = { kind: 'closed'; failures: number } | { kind: 'open'; until: number } | { kind: 'trial' };

/**
 * A circuit breaker per contact point: after `failureThreshold` failures in a row a receiver that
 * is down is left alone for `openMs` (its deliveries wait, without spending attempts), then one
 * trial attempt decides whether it is back. Kept in memory: a restarted notifier starts closed,
 * which costs at most `failureThreshold` attempts to find out again.
 */
export class CircuitBreakers {
  private readonly states = new Map<number, BreakerState>();
  constructor(private readonly o: BreakerOptions) {}

  /** `null`: go ahead; a time: hold this contact point's deliveries until then. */
  holdUntil(contactPointId: number, now: number): number | null {
    const s = this.states.get(contactPointId);
    if (!s || s.kind === 'closed') return null;
    if (s.kind === 'trial') return now + this.o.openMs;
    if (now < s.until) return s.until;
    this.states.set(contactPointId, { kind: 'trial' });
    return null;
  }

  succeeded(contactPointId: number): void {
    this.states.delete(contactPointId);
  }

  failed(contactPointId: number, now: number): void {
    const s = this.states.get(contactPointId) ?? { kind: 'closed', failures: 0 };
    const failures = s.kind === 'closed' ? s.failures + 1 : this.o.failureThreshold;
    this.states.set(contactPointId, failures >= this.o.failureThreshold ? { kind: 'open', until: now + this.o.openMs } : { kind: 'closed', failures });
  }

  /** Contact points whose circuit is open or on trial (for metrics). */
  openCount(): number {
    let n = 0;
    for (const s of this.states.values()) if (s.kind !== 'closed') n++;
    return n;
  }
}
