import type { Logger } from 'pino';
import type { Ticket } from '@cityops/contracts';
import type { Area } from '../areas/area.ts';
import { createRng } from '../core/rng.ts';
import { followUps } from './follow-ups.ts';
import { CallPlanner } from './plan-calls.ts';

export interface RunHotlineOptions {
  /** The console, e.g. http://127.0.0.1:8080. */
  baseUrl: string;
  /** An API key with scope `tickets` (what a real call-centre system gets from an admin). */
  apiKey: string;
  areas: readonly Area[];
  /** Multiplier on call volume (CITYOPS_SIMULATE_RATE). Default 1. */
  rate?: number;
  seed?: number;
  log: Logger;
  clock?: () => number;
  fetch?: typeof fetch;
}

export interface HotlineStats {
  filed: number;
  updated: number;
  failed: number;
}
export interface HotlineHandle {
  stop(): Promise<void>;
  stats(): HotlineStats;
}

/**
 * The simulated call centre: files tickets over the console's REST API with its API key, on the
 * daily rhythm (./rhythm.ts), then reports forwarding and answers as its operators would. Failures
 * are counted and logged, never thrown: a console restart only loses some calls.
 */
export function runHotline(opts: RunHotlineOptions): HotlineHandle {
  const log = opts.log.child({ component: 'hotline-simulator' });
  const clock = opts.clock ?? Date.now;
  const doFetch = opts.fetch ?? fetch;
  const rng = createRng(opts.seed ?? 1022, 0x1022);
  const planner = new CallPlanner(rng, opts.areas, opts.rate ?? 1);
  const stats: HotlineStats = { filed: 0, updated: 0, failed: 0 };
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;

  const later = (ms: number, fn: () => Promise<void>) => {
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (stopped) return;
        const p = fn().finally(() => inFlight.delete(p));
        inFlight.add(p);
      },
      Math.max(0, ms),
    );
    timers.add(timer);
  };

  async function post(path: string, body: object): Promise<Ticket | null> {
    try {
      const res = await doFetch(`${opts.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${opts.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.ok) return (await res.json()) as Ticket;
      // Someone at the desk moved the ticket on (or transferred it) first: nothing to do.
      if (res.status === 409) return null;
      stats.failed++;
      log.warn({ path, status: res.status, body: (await res.text()).slice(0, 300) }, 'hotline call refused');
    } catch (err) {
      stats.failed++;
      if (!stopped) log.warn({ err, path }, 'hotline call failed');
    }
    return null;
  }

  function scheduleNext(after: number): void {
    const call = planner.next(after);
    later(call.at - clock(), async () => {
      scheduleNext(call.at);
      const ticket = await post('/api/tickets', call.request);
      if (!ticket) return;
      stats.filed++;
      log.debug({ ticketId: ticket.id, line: ticket.line, category: ticket.category }, 'hotline ticket filed');
      for (const f of followUps(rng, ticket.line)) {
        later(f.afterMs, async () => {
          if (await post(`/api/tickets/${ticket.id}/state`, f.body)) stats.updated++;
        });
      }
    });
  }
  scheduleNext(clock());

  return {
    stats: () => ({ ...stats }),
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}
