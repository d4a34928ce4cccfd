import { describe, expect, it } from 'vitest';
import { LoginThrottle, type ThrottleRules } from './login-throttle.ts';

const RULES: ThrottleRules = {
  address: { limit: 3, windowMs: 60_000, lockMs: 10_000, maxLockMs: 40_000 },
  account: { limit: 5, windowMs: 60_000, lockMs: 10_000, maxLockMs: 20_000 },
  global: { limit: 8, windowMs: 60_000, lockMs: 5_000, maxLockMs: 5_000 },
};

/** Admits and settles as failed; what admit answered. */
function failOnce(t: LoginThrottle, address: string, username: string, now: number) {
  const a = t.admit({ address, username }, now);
  if (a.ok) t.settle(a.ticket, 'failed', now);
  return a;
}

describe('LoginThrottle', () => {
  it('locks an address after its limit, for lockMs, doubling with each lock up to maxLockMs', () => {
    const t = new LoginThrottle({ ...RULES, global: { ...RULES.global, limit: 1000 } });
    for (let i = 0; i < 3; i++) expect(failOnce(t, '198.51.100.1', `u${i}`, 0).ok).toBe(true);
    expect(failOnce(t, '198.51.100.1', 'u9', 1)).toMatchObject({ ok: false, bucket: 'address', retryAfterMs: 9_999 });
    // Another address is not affected.
    expect(failOnce(t, '198.51.100.2', 'v', 1).ok).toBe(true);
    // After the lock: another limit's worth, then twice as long.
    for (let i = 0; i < 3; i++) expect(failOnce(t, '198.51.100.1', `w${i}`, 10_000).ok).toBe(true);
    expect(failOnce(t, '198.51.100.1', 'x', 10_000)).toMatchObject({ ok: false, retryAfterMs: 20_000 });
    for (let i = 0; i < 3; i++) failOnce(t, '198.51.100.1', `y${i}`, 30_000);
    expect(failOnce(t, '198.51.100.1', 'z', 30_000)).toMatchObject({ ok: false, retryAfterMs: 40_000 });
    for (let i = 0; i < 3; i++) failOnce(t, '198.51.100.1', `q${i}`, 70_000);
    expect(failOnce(t, '198.51.100.1', 'z', 70_000)).toMatchObject({ ok: false, retryAfterMs: 40_000 }); // capped
  });

  it('locks an account guessed from many addresses, and names the same account however it is cased', () => {
    const t = new LoginThrottle(RULES);
    for (let i = 0; i < 5; i++) expect(failOnce(t, `203.0.113.${i}`, i % 2 ? 'Admin ' : 'admin', 0).ok).toBe(true);
    expect(failOnce(t, '203.0.113.99', 'admin', 0)).toMatchObject({ ok: false, bucket: 'account' });
    expect(failOnce(t, '203.0.113.99', 'dispatcher', 0).ok).toBe(true);
  });

  it('caps failures overall, across accounts and addresses', () => {
    const t = new LoginThrottle(RULES);
    for (let i = 0; i < 8; i++) expect(failOnce(t, `192.0.2.${i}`, `user${i}`, 0).ok).toBe(true);
    expect(failOnce(t, '192.0.2.200', 'someone', 0)).toMatchObject({ ok: false, bucket: 'global' });
    expect(failOnce(t, '192.0.2.200', 'someone', 5_000).ok).toBe(true);
  });

  it('counts attempts still being verified, so a concurrent burst gets no more than the limit', () => {
    const t = new LoginThrottle(RULES);
    const admitted = Array.from({ length: 20 }, () => t.admit({ address: '198.51.100.7', username: 'admin' }, 0)).filter((a) => a.ok);
    expect(admitted).toHaveLength(3);
  });

  it('does not count sign-ins that succeed, and forgets failures outside the window', () => {
    const t = new LoginThrottle(RULES);
    for (let i = 0; i < 10; i++) {
      const a = t.admit({ address: '198.51.100.3', username: 'viewer' }, i);
      expect(a.ok).toBe(true);
      if (a.ok) t.settle(a.ticket, 'succeeded', i);
    }
    failOnce(t, '198.51.100.3', 'viewer', 0);
    failOnce(t, '198.51.100.3', 'viewer', 0);
    expect(failOnce(t, '198.51.100.3', 'viewer', 60_001).ok).toBe(true);
    expect(failOnce(t, '198.51.100.3', 'viewer', 60_002).ok).toBe(true);
  });

  it('keeps its memory bounded', () => {
    const t = new LoginThrottle(RULES, 100);
    for (let i = 0; i < 1000; i++) failOnce(t, `10.0.${i >> 8}.${i & 255}`, `u${i}`, i * 60_001);
    expect((t as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(101);
  });
});
