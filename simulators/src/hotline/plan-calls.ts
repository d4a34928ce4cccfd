import type { CreateTicketRequest, Hotline } from '@cityops/contracts';
import { HOTLINES } from '@cityops/contracts';
import type { Area } from '../areas/area.ts';
import { offsetKm, round5 } from '../core/geo.ts';
import { chance, exponential, intBetween, pick, uniform, type Rng } from '../core/rng.ts';
import { CALL_MIX, REPEAT_SHARE, type CategoryMix } from './call-mix.ts';
import { callShare, DAILY_CALLS, peakCallsPerHour } from './rhythm.ts';

export interface PlannedCall {
  at: number;
  request: CreateTicketRequest;
}

function weighted<T>(rng: Rng, items: readonly T[], weight: (t: T) => number): T {
  const total = items.reduce((s, t) => s + weight(t), 0);
  let x = rng.next() * total;
  for (const t of items) if ((x -= weight(t)) < 0) return t;
  return items[items.length - 1]!;
}

const REPEAT_WINDOW_MS = 6 * 3600_000;

/**
 * The calls of a simulated day, one at a time: a non-homogeneous Poisson process (thinning under
 * the peak rate) that follows the daily rhythm, the line and category mix, and places inside the
 * simulated areas weighted by their density. Some 1022 calls repeat a recent report a few metres
 * away, as several neighbours call about the same flooded street. Pure: rng and times come in.
 */
export class CallPlanner {
  readonly #recent: PlannedCall[] = [];
  readonly #meanGapMs: number;

  constructor(
    private readonly rng: Rng,
    private readonly areas: readonly Area[],
    rate = 1,
  ) {
    if (!areas.some((a) => a.weight > 0)) throw new RangeError('hotline calls need at least one area with weight > 0');
    if (!(rate > 0)) throw new RangeError('rate must be > 0');
    this.#meanGapMs = 3600_000 / peakCallsPerHour(rate);
  }

  /** The next call after `after` (epoch ms). */
  next(after: number): PlannedCall {
    let at = after;
    do at += exponential(this.rng, this.#meanGapMs);
    while (!chance(this.rng, callShare(at)));
    const line = weighted(this.rng, HOTLINES, (l) => DAILY_CALLS[l]);
    const call = { at, request: this.#request(line, at) };
    this.#remember(call);
    return call;
  }

  #request(line: Hotline, at: number): CreateTicketRequest {
    const repeatOf =
      line === '1022' && chance(this.rng, REPEAT_SHARE) ? this.#recent.filter((c) => c.request.line === '1022' && at - c.at < REPEAT_WINDOW_MS) : [];
    if (repeatOf.length > 0) {
      const first = pick(this.rng, repeatOf).request;
      // Within about 25 m: the same problem seen from the next house.
      const p = offsetKm(first, uniform(this.rng, -0.018, 0.018), uniform(this.rng, -0.018, 0.018));
      return { ...first, lat: round5(p.lat), lon: round5(p.lon), callerPhone: this.#phone() };
    }
    const mix: CategoryMix = weighted(this.rng, CALL_MIX[line], (m) => m.weight);
    const area = weighted(this.rng, this.areas, (a) => a.weight);
    // Uniform over the disc (sqrt of a uniform radius), kept inside the area.
    const r = area.radiusKm * Math.sqrt(this.rng.next());
    const angle = uniform(this.rng, 0, 2 * Math.PI);
    const p = offsetKm(area, r * Math.cos(angle), r * Math.sin(angle));
    return {
      line,
      category: mix.code,
      description: pick(this.rng, mix.descriptions),
      lat: round5(p.lat),
      lon: round5(p.lon),
      address: `Số ${intBetween(this.rng, 1, 199)}, Phố mẫu ${intBetween(this.rng, 1, 40)}, ${area.name} (dữ liệu mẫu)`,
      callerPhone: this.#phone(),
    };
  }

  #phone(): string {
    return `09${String(intBetween(this.rng, 0, 99_999_999)).padStart(8, '0')}`;
  }

  #remember(call: PlannedCall): void {
    this.#recent.push(call);
    if (this.#recent.length > 50) this.#recent.shift();
  }
}
