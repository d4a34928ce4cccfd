import type { Logger } from 'pino';
import type { WebhookBody } from '@cityops/contracts';
import { appendEvents, createContactPoint, openOrRepeatIncident, withTransaction, writeNotificationPolicy, type Pool } from '@cityops/db';
import { DEFAULT_NOTIFIER_SETTINGS, startNotifier } from '@cityops/notifications';
import { startWebhookReceiver } from '@cityops/notifications/src/testing/webhook-receiver.ts';
import { ms, summarize, type LatencySummary } from '../alarm-latency/stats.ts';

export interface NotificationBenchOptions {
  pool: Pool;
  log: Logger;
  /** Notifications in the steady phase, and their rate per minute. */
  steadyN: number;
  perMinute: number;
  /** Notifications committed at once in the burst phase. */
  burstN: number;
  progress?: (what: string) => void;
}

interface Phase {
  n: number;
  lost: number;
  duplicated: number;
  latency: LatencySummary;
  /** First commit → last delivery. */
  seconds: number;
}

export interface NotificationBenchResult {
  perMinute: number;
  steady: Phase;
  burst: Phase;
  /** The same receiver and body size, bare `fetch` with the notifier's concurrency: the limit of this machine's HTTP. */
  rawPerSec: number;
}

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

/**
 * (j) Notifications: incidents committed with their event (as alerting commits them) at a steady
 * rate, then in one burst, each routed by the policy to a webhook receiver on 127.0.0.1; the
 * notifier runs in this process and is woken by each commit, as in `cityops start`. Latency is
 * from the commit to the receiver's reading the request; lost and duplicated count by incident
 * and by idempotency key. The burst's rate is set beside bare `fetch` to the same receiver.
 */
export async function runNotificationBench(o: NotificationBenchOptions): Promise<NotificationBenchResult> {
  const receiver = await startWebhookReceiver();
  const notifier = startNotifier({
    ...DEFAULT_NOTIFIER_SETTINGS,
    // The receiver runs on this machine; loopback is refused unless allowed.
    targets: { allowNetworks: ['127.0.0.1/32'], denyPrivate: false },
    publicUrl: 'http://127.0.0.1:8080',
    smtp: null,
    pool: o.pool,
    log: o.log,
  });
  try {
    await createContactPoint(o.pool, { name: 'bench-hook', type: 'webhook', settings: { url: `${receiver.url}/hook`, timeoutMs: 5000 } }, 'bench');
    await withTransaction(o.pool, (db) =>
      writeNotificationPolicy(db, { root: { routes: [{ matchers: { kinds: ['manual'] }, contactPoints: ['bench-hook'] }] } }, 'bench'),
    );
    const committed = new Map<number, number>();
    let serial = 0;
    const commit = async (count: number) => {
      const ids = await withTransaction(o.pool, async (db) => {
        const out: number[] = [];
        for (let i = 0; i < count; i++) {
          const n = serial++;
          const { incident } = await openOrRepeatIncident(db, {
            kind: 'manual',
            severity: 'major',
            dedupKey: `bench:${n}`,
            title: `Bench ${n}`,
            area: 'A001',
            at: new Date(),
          });
          await appendEvents(db, [{ topic: 'incident.opened', payload: { incident } }]);
          out.push(incident.id);
        }
        return out;
      });
      const at = Date.now();
      for (const id of ids) committed.set(id, at);
      notifier.wake();
    };
    const phase = async (ids: () => number[], started: number): Promise<Phase> => {
      const want = new Set(ids());
      const deadline = Date.now() + 120_000;
      const seen = () => receiver.requests.filter((r) => want.has((JSON.parse(r.body) as WebhookBody).incident.id));
      while (seen().length < want.size && Date.now() < deadline) await sleep(50);
      await sleep(1000); // anything sent twice would arrive now
      const got = seen();
      const byKey = new Map<string, number>();
      for (const r of got) byKey.set(r.headers['idempotency-key'] as string, (byKey.get(r.headers['idempotency-key'] as string) ?? 0) + 1);
      const delivered = new Set(got.map((r) => (JSON.parse(r.body) as WebhookBody).incident.id));
      const first = new Map<number, number>();
      for (const r of got) {
        const id = (JSON.parse(r.body) as WebhookBody).incident.id;
        if (!first.has(id)) first.set(id, r.at);
      }
      return {
        n: want.size,
        lost: [...want].filter((id) => !delivered.has(id)).length,
        duplicated: [...byKey.values()].reduce((s, v) => s + v - 1, 0),
        latency: summarize([...first].map(([id, at]) => at - committed.get(id)!)),
        seconds: (Math.max(...got.map((r) => r.at)) - started) / 1000,
      };
    };

    o.progress?.(`steady: ${o.steadyN} at ${o.perMinute}/min`);
    const steadyStart = Date.now();
    const interval = 60_000 / o.perMinute;
    for (let i = 0; i < o.steadyN; i++) {
      const due = steadyStart + i * interval;
      if (due > Date.now()) await sleep(due - Date.now());
      await commit(1);
    }
    const steadyIds = [...committed.keys()];
    const steady = await phase(() => steadyIds, steadyStart);

    o.progress?.(`burst: ${o.burstN} at once`);
    const before = new Set(committed.keys());
    const burstStart = Date.now();
    for (let done = 0; done < o.burstN; done += 100) await commit(Math.min(100, o.burstN - done));
    const burst = await phase(() => [...committed.keys()].filter((id) => !before.has(id)), burstStart);

    o.progress?.('bare fetch to the same receiver');
    const body = receiver.requests[0]!.body;
    const rawStart = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < o.burstN) {
        next++;
        const res = await fetch(`${receiver.url}/raw`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await res.text();
      }
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    const rawPerSec = o.burstN / ((Date.now() - rawStart) / 1000);
    return { perMinute: o.perMinute, steady, burst, rawPerSec };
  } finally {
    await notifier.stop();
    await receiver.close();
  }
}

export function formatNotificationBench(r: NotificationBenchResult): string {
  const line = (name: string, p: Phase) =>
    `  ${name}: ${p.n} notifications, ${(p.n / p.seconds).toFixed(1)}/s over ${p.seconds.toFixed(1)} s; ` +
    `commit → webhook received p50 ${ms(p.latency.p50)}, p99 ${ms(p.latency.p99)}, max ${ms(p.latency.max)}; lost ${p.lost}, duplicated ${p.duplicated}`;
  return [
    `(j) notifications to a signed webhook on 127.0.0.1 (the notifier in-process, woken by each commit)`,
    line(`steady ${r.perMinute}/min`, r.steady),
    line('burst', r.burst),
    `  bare fetch, same receiver and body, 50 at a time: ${Math.round(r.rawPerSec)}/s; burst ÷ bare = ${(r.burst.n / r.burst.seconds / r.rawPerSec).toFixed(2)}`,
  ].join('\n');
}
