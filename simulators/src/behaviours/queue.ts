import type { QueueLoad } from '@cityops/contracts';
import type { Behaviour } from './behaviour.ts';
import { firstSeq, round1, tsOf } from './behaviour.ts';
import type { DeviceSpec } from '../fleet/device-spec.ts';
import type { Rng } from '../core/rng.ts';
import { chance, poisson } from '../core/rng.ts';
import { localDayNumber, localMidnight } from '../core/local-time.ts';
import { arrivalShare, counterShare, isOfficeOpen } from './rhythms.ts';

export interface QueueState {
  seq: number;
  day: number;
  waiting: number;
  serving: number;
  countersOpen: number;
  issuedToday: number;
  servedToday: number;
  ratingsGood: number;
  ratingsTotal: number;
  lastAt: number;
}

export const QUEUE_REPORT_MS = 60_000;
/** Mean time at the counter per dossier (sample). */
export const MEAN_SERVICE_MS = 10 * 60_000;
const DEFAULT_COUNTERS = 4;

function emptyDay(seq: number, now: number): QueueState {
  return {
    seq,
    day: localDayNumber(now),
    waiting: 0,
    serving: 0,
    countersOpen: 0,
    issuedToday: 0,
    servedToday: 0,
    ratingsGood: 0,
    ratingsTotal: 0,
    lastAt: now,
  };
}

/** Estimated wait for a ticket issued now: the queue ahead divided among the open counters. */
function avgWaitSec(s: QueueState): number {
  if (s.countersOpen === 0) return 0;
  return Math.round((s.waiting * MEAN_SERVICE_MS) / 1000 / s.countersOpen);
}

/** Advance the office by the time since the last update: arrivals, completions, ratings. */
function advance(spec: DeviceSpec, prev: QueueState, now: number, rng: Rng): QueueState {
  let s: QueueState = localDayNumber(now) === prev.day ? { ...prev } : emptyDay(prev.seq, now);
  const dt = Math.min(Math.max(0, now - prev.lastAt), 10 * 60_000);
  s.lastAt = now;
  if (!isOfficeOpen(now)) {
    // Everyone holding a ticket at closing time is still served (why served jumps, not waiting).
    s.servedToday += s.waiting + s.serving;
    return { ...s, waiting: 0, serving: 0, countersOpen: 0 };
  }
  const counters = spec.counters ?? DEFAULT_COUNTERS;
  s.countersOpen = Math.max(1, Math.round(counters * counterShare(now)));
  const capacityPerMs = counters / MEAN_SERVICE_MS;
  const arrivals = poisson(rng, arrivalShare(now) * capacityPerMs * dt);
  const pDone = 1 - Math.exp(-dt / MEAN_SERVICE_MS);
  let done = 0;
  for (let i = 0; i < s.serving; i++) if (chance(rng, pDone)) done++;
  // Long waits cost satisfaction: 97 % happy with no wait, about 75 % after an hour.
  const pHappy = 0.97 - Math.min(0.3, (avgWaitSec(s) / 3600) * 0.22);
  for (let i = 0; i < done; i++) {
    s.ratingsTotal++;
    if (chance(rng, pHappy)) s.ratingsGood++;
  }
  s = { ...s, issuedToday: s.issuedToday + arrivals, servedToday: s.servedToday + done, waiting: s.waiting + arrivals, serving: s.serving - done };
  const called = Math.min(s.waiting, Math.max(0, s.countersOpen - s.serving));
  return { ...s, waiting: s.waiting - called, serving: s.serving + called };
}

function report(s: QueueState, now: number): QueueLoad {
  return {
    ts: tsOf(now),
    seq: s.seq,
    waiting: s.waiting,
    serving: s.serving,
    countersOpen: s.countersOpen,
    avgWaitSec: avgWaitSec(s),
    issuedToday: s.issuedToday,
    servedToday: s.servedToday,
    ...(s.ratingsTotal > 0 ? { satisfactionPct: round1((100 * s.ratingsGood) / s.ratingsTotal) } : {}),
  };
}

/** Kiosk of a one-stop-shop office: a load report every 60 s, empty outside office hours. */
export const queueBehaviour: Behaviour<'queue', QueueState> = {
  kind: 'queue',
  init(spec, now, rng) {
    // Replay the day so far in one-minute steps, so a kiosk started at 10:00 already has a queue.
    const midnight = localMidnight(now);
    let state = emptyDay(firstSeq(now), midnight);
    for (let t = midnight + QUEUE_REPORT_MS; t < now; t += QUEUE_REPORT_MS) state = advance(spec, state, t, rng);
    state = advance(spec, state, now, rng);
    return { state, delayMs: rng.next() * QUEUE_REPORT_MS };
  },
  step(spec, prev, now, rng) {
    const s = advance(spec, prev, now, rng);
    return { state: { ...s, seq: s.seq + 1 }, payload: report(s, now), delayMs: QUEUE_REPORT_MS };
  },
};
