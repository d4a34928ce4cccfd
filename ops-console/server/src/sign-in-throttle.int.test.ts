import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { readConsoleConfig } from './config.ts';
import { HARNESS_PASSWORD, openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

/**
 * Guessing passwords past the throttle. A 401 means the password was verified (and wrong); a 429
 * means it was not looked at. X-Forwarded-For is rotated on every attempt: unless the request
 * comes from a proxy the deployment named, the header must not change whom the throttle counts.
 */
let h: ConsoleHarness;

beforeAll(async () => {
  h = await openConsoleHarness({ extraUsers: { 'target-a': 'admin', 'target-b': 'admin', bystander: 'viewer' } });
});
afterAll(async () => h?.close());

const forwardedFor = (i: number) => `203.0.113.${i % 250}, 192.0.2.${(i * 7) % 250}`;

async function signIn(app: FastifyInstance, username: string, password: string, remoteAddress: string, xff?: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress,
    headers: xff ? { 'x-forwarded-for': xff } : {},
    payload: { username, password },
  });
  return { status: res.statusCode, body: res.json(), retryAfter: res.headers['retry-after'] };
}

/** 100 wrong guesses, ten at a time in parallel; how many passwords were verified (401) and refused unseen (429). */
async function guess100(app: FastifyInstance, username: (i: number) => string, remoteAddress: string) {
  const statuses: number[] = [];
  for (let batch = 0; batch < 10; batch++) {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, k) => signIn(app, username(batch * 10 + k), 'wrong guess', remoteAddress, forwardedFor(batch * 10 + k))),
    );
    statuses.push(...results.map((r) => r.status));
  }
  return { verified: statuses.filter((s) => s === 401).length, throttled: statuses.filter((s) => s === 429).length };
}

describe('sign-in throttle', () => {
  it('by default counts the socket address, not X-Forwarded-For: 100 guesses over many accounts verify at most 10 passwords', async () => {
    const names = ['viewer', 'dispatcher', 'supervisor', 'bystander', 'nobody'];
    const { verified, throttled } = await guess100(h.app, (i) => names[i % names.length]!, '198.51.100.7');
    expect(verified).toBeGreaterThan(0);
    expect(verified).toBeLessThanOrEqual(10);
    expect(throttled).toBe(100 - verified);
    // The right password, from a "new" forwarded address, is still not looked at.
    const right = await signIn(h.app, 'bystander', HARNESS_PASSWORD, '198.51.100.7', '203.0.113.251');
    expect(right).toMatchObject({ status: 429, body: { status: 429, code: 'CITYOPS_RATE_LIMITED' } });
    expect(Number(right.retryAfter)).toBeGreaterThan(0);
    // Another address is not held back by this one (no account reached its own limit).
    expect((await signIn(h.app, 'bystander', HARNESS_PASSWORD, '198.51.100.8')).status).toBe(200);
  });

  it('behind a trusted proxy counts the forwarded address, and still limits one account guessed from many addresses', async () => {
    const app = await buildApp({
      config: readConsoleConfig({ CITYOPS_TRUSTED_PROXIES: '10.9.0.0/16' }),
      pool: h.db.pool,
      alerting: h.alerting,
      log: pino({ level: 'silent' }),
      metrics: async () => '',
      probes: { brokerUp: () => true, timescale: h.db.caps.timescale, version: 'test' },
    });
    try {
      // Every attempt from its own client address through the proxy: only the account's limit holds.
      const { verified } = await guess100(app, () => 'target-a', '10.9.0.1');
      expect(verified).toBeGreaterThan(0);
      expect(verified).toBeLessThanOrEqual(10);
      expect(await signIn(app, 'target-a', HARNESS_PASSWORD, '10.9.0.1', '203.0.113.252')).toMatchObject({
        status: 429,
        body: { code: 'CITYOPS_RATE_LIMITED' },
      });
      // Other clients of the same proxy sign in to other accounts.
      expect((await signIn(app, 'target-b', HARNESS_PASSWORD, '10.9.0.1', '203.0.113.253')).status).toBe(200);
      // The forwarded address is the one counted: ten failures from one client lock that client only.
      for (let i = 0; i < 10; i++) expect((await signIn(app, `someone-${i}`, 'wrong', '10.9.0.1', '198.18.0.1')).status).toBe(401);
      expect((await signIn(app, 'bystander', HARNESS_PASSWORD, '10.9.0.1', '198.18.0.1')).status).toBe(429);
      expect((await signIn(app, 'bystander', HARNESS_PASSWORD, '10.9.0.1', '198.18.0.2')).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
