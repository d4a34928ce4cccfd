import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Delivery } from '@cityops/contracts';
import { startWebhookReceiver } from '@cityops/notifications/src/testing/webhook-receiver.ts';
import { consoleSession } from './testing/console-session.ts';
import { embeddedStackEnv, startStackProcess } from './testing/stack-process.ts';

/**
 * The whole stack (`cityops start`, embedded database and broker) SIGKILLed while notifications are
 * in retry against a receiver that answers 503: after a restart each is delivered, and each is
 * answered 200 exactly once — nothing lost with the process, nothing sent again once delivered.
 */
const INCIDENTS = 8;
const dataDir = mkdtempSync(join(tmpdir(), 'cityops-notify-kill-'));
const PASSWORD = 'notify-kill-pw';
const env = () => ({
  ...embeddedStackEnv(dataDir, PASSWORD),
  CITYOPS_NOTIFY_RETRY_BASE_MS: '100',
  CITYOPS_NOTIFY_RETRY_MAX_MS: '300',
  CITYOPS_NOTIFY_BREAKER_OPEN_MS: '1000',
  // The webhook receiver runs on this machine.
  CITYOPS_NOTIFY_ALLOW_NETWORKS: '127.0.0.1/32',
});
let stack: ChildProcess | undefined;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;

afterAll(async () => {
  stack?.kill('SIGKILL');
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const session = (consoleUrl: string, username: string) => consoleSession(consoleUrl, username, PASSWORD);

describe('notifications across kill -9 of the stack', () => {
  it(`delivers each of ${INCIDENTS} notifications in retry exactly once after a restart`, { timeout: 240_000 }, async () => {
    receiver = await startWebhookReceiver();
    receiver.script('/hook', [503]);
    let started = await startStackProcess(env());
    stack = started.child;
    const admin = await session(started.consoleUrl, 'admin');
    expect(
      (await admin('POST', '/api/contact-points', { name: 'ward-hook', type: 'webhook', settings: { url: `${receiver.url}/hook`, timeoutMs: 2000 } })).status,
    ).toBe(201);
    expect(
      (await admin('PUT', '/api/notification-policy', { root: { routes: [{ matchers: { kinds: ['manual'] }, contactPoints: ['ward-hook'] }] } })).status,
    ).toBe(200);
    const dispatcher = await session(started.consoleUrl, 'dispatcher');
    for (let i = 0; i < INCIDENTS; i++) {
      expect((await dispatcher('POST', '/api/incidents', { kind: 'manual', severity: 'major', title: `Sự cố thử ${i}`, area: 'ba-dinh' })).status).toBe(201);
    }

    // Every notification has been tried and refused, some of them again after the circuit breaker's
    // pause: all of them are in retry.
    const keysAnswered = (status: number) => {
      const counts = new Map<string, number>();
      for (const r of receiver!.requests.filter((q) => q.path === '/hook' && q.status === status))
        counts.set(r.headers['idempotency-key'] as string, (counts.get(r.headers['idempotency-key'] as string) ?? 0) + 1);
      return counts;
    };
    await expect.poll(() => keysAnswered(503).size, { timeout: 30_000, interval: 50 }).toBe(INCIDENTS);
    await expect.poll(() => [...keysAnswered(503).values()].some((n) => n >= 2), { timeout: 30_000, interval: 50 }).toBe(true);
    stack.kill('SIGKILL');
    await new Promise((r) => stack!.once('exit', r));

    // The receiver is back; so is the stack, on the same data.
    receiver.script('/hook', [200]);
    started = await startStackProcess(env());
    stack = started.child;
    await expect.poll(() => keysAnswered(200).size, { timeout: 60_000, interval: 100 }).toBe(INCIDENTS);
    const supervisor = await session(started.consoleUrl, 'supervisor');
    await expect
      .poll(async () => ((await supervisor('GET', '/api/notifications')).body.items as Delivery[]).filter((d) => d.state === 'delivered').length, {
        timeout: 10_000,
      })
      .toBe(INCIDENTS);
    // A while later still nothing was sent again: one 200 per notification, all keys those refused before the kill.
    await new Promise((r) => setTimeout(r, 1500));
    expect([...keysAnswered(200).values()]).toEqual(Array(INCIDENTS).fill(1));
    expect(new Set(keysAnswered(200).keys())).toEqual(new Set(keysAnswered(503).keys()));
    const deliveries = (await supervisor('GET', '/api/notifications')).body.items as Delivery[];
    expect(deliveries).toHaveLength(INCIDENTS);
    for (const d of deliveries) expect(d).toMatchObject({ state: 'delivered', lastStatus: 200 });
    stack.kill('SIGTERM');
    await new Promise((r) => stack!.once('exit', r));
    stack = undefined;
  });
});
