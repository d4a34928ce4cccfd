import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Health } from '@cityops/contracts';
import type { FetchLike } from '../api/http.ts';
import { HealthPoller } from './health-poller.ts';
import type { HealthSummary } from './health-summary.ts';

const ok: Health = { status: 'ok', database: 'up', broker: 'up', ingest: 'ok', timescale: true, version: '0.1.0' };
const dbDown: Health = { ...ok, status: 'degraded', database: 'down', problems: ['the database does not answer'] };

/**
 * A server whose database goes away at `outageAt` (ms on the fake clock) and, optionally, comes back
 * at `backAt`. While it is away the server answers after `answerMs`: quickly when the database
 * refuses connections, after its 5 s probe when the database stops answering.
 */
function server(o: { outageAt: number; backAt?: number; answerMs: number }): FetchLike {
  return async () => {
    const at = Date.now();
    const away = at >= o.outageAt && (o.backAt === undefined || at < o.backAt);
    await new Promise((r) => setTimeout(r, away ? o.answerMs : 20));
    return new Response(JSON.stringify(away ? dbDown : ok), { status: away ? 503 : 200 });
  };
}

/** When (on the fake clock) the banner first said "database", or undefined. */
async function bannerAt(fetchFn: FetchLike, runMs: number): Promise<number | undefined> {
  vi.setSystemTime(0);
  let shownAt: number | undefined;
  const poller = new HealthPoller(fetchFn, (s: HealthSummary) => {
    if (s.issues.includes('database') && shownAt === undefined) shownAt = Date.now();
  });
  poller.start();
  await vi.advanceTimersByTimeAsync(runMs);
  poller.stop();
  return shownAt;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the health banner', () => {
  // The outage may begin at any point of the poll cycle: every 250 ms of a 3 s cycle, and beyond.
  const phases = Array.from({ length: 16 }, (_, i) => 20_000 + i * 250);

  it('says "database" within 10 s of a database that refuses connections', async () => {
    for (const outageAt of phases) {
      const at = await bannerAt(server({ outageAt, answerMs: 30 }), outageAt + 20_000);
      expect(at, `outage at ${outageAt} ms`).toBeDefined();
      expect(at! - outageAt, `outage at ${outageAt} ms`).toBeLessThanOrEqual(10_000);
    }
  });

  it('says "database" within 10 s of a database that stops answering (the server waits 5 s for it)', async () => {
    for (const outageAt of phases) {
      const at = await bannerAt(server({ outageAt, answerMs: 5000 }), outageAt + 20_000);
      expect(at, `outage at ${outageAt} ms`).toBeDefined();
      expect(at! - outageAt, `outage at ${outageAt} ms`).toBeLessThanOrEqual(10_000);
    }
  });

  it('does not cry wolf over one quick failure', async () => {
    // Down for 1 s: at most one poll sees it.
    for (const outageAt of phases) expect(await bannerAt(server({ outageAt, backAt: outageAt + 1000, answerMs: 30 }), outageAt + 20_000)).toBeUndefined();
  });
});
