import type { TransitTap } from '@cityops/contracts';
import type { Behaviour } from './behaviour.ts';
import { firstSeq, tsOf } from './behaviour.ts';
import type { DeviceSpec } from '../fleet/device-spec.ts';
import type { Rng } from '../core/rng.ts';
import { chance, exponential, hex, intBetween } from '../core/rng.ts';
import { offsetKm, round5 } from '../core/geo.ts';
import type { TransitMode } from './rhythms.ts';
import { peakTapsPerHour, tapsPerHour } from './rhythms.ts';

export interface TransitState {
  seq: number;
}

/** Expired QR, insufficient balance, wrong direction: a small share of taps is refused. */
export const REJECT_SHARE = 0.03;

/** The route a reader serves: from its spec, else from an id like `QR-BRT01-017`. */
export function routeOf(spec: DeviceSpec): string {
  return spec.routeId ?? /^QR-([A-Za-z0-9]+)-/.exec(spec.id)?.[1] ?? 'R01';
}

export function modeOf(routeId: string): TransitMode {
  if (/^M\d/.test(routeId)) return 'metro';
  if (/^BRT/.test(routeId)) return 'brt';
  return 'bus';
}

/** Sample fares in VND: flat bus and BRT fares, metro by distance. */
function fareFor(mode: TransitMode, routeId: string, rng: Rng): number {
  if (mode === 'metro') return 8000 + 1000 * intBetween(rng, 0, 7);
  if (mode === 'brt') return 7000;
  return routeId < '10' ? 7000 : routeId < '20' ? 8000 : 9000;
}

/** Mean gap between candidate taps at the mode's peak rate (thinning envelope). */
function envelopeGapMs(mode: TransitMode): number {
  return 3_600_000 / peakTapsPerHour(mode);
}

function tap(spec: DeviceSpec, s: TransitState, now: number, rng: Rng): TransitTap {
  const routeId = routeOf(spec);
  const mode = modeOf(routeId);
  const accepted = !chance(rng, REJECT_SHARE);
  // A gate stands still; a bus validator moves along its route, so taps scatter around it.
  const spread = spec.vehicleId ? 0.8 : 0.02;
  const at = offsetKm(spec, (rng.next() - 0.5) * 2 * spread, (rng.next() - 0.5) * 2 * spread);
  return {
    ts: tsOf(now),
    seq: s.seq,
    // Dynamic QR tokens are short-lived and never reused (domain.md): time plus 64 random bits.
    token: `hnqr1.${tsOf(now).toString(36)}${hex(rng, 16)}`,
    result: accepted ? 'accepted' : 'rejected',
    routeId,
    stopId: spec.stopId ?? `${routeId}-S${String(intBetween(rng, 1, 25)).padStart(2, '0')}`,
    ...(spec.vehicleId ? { vehicleId: spec.vehicleId } : {}),
    ...(accepted ? { fareVnd: fareFor(mode, routeId, rng) } : {}),
    lat: round5(at.lat),
    lon: round5(at.lon),
  };
}

/**
 * Taps form a Poisson process whose rate follows the time of day. Thinning (Lewis–Shedler): draw
 * candidates at the peak rate and keep each with probability rate(now)/peak, which is exact for a
 * time-varying rate and needs no absolute deadlines in the state.
 */
export const transitBehaviour: Behaviour<'transit', TransitState> = {
  kind: 'transit',
  init(spec, now, rng) {
    return { state: { seq: firstSeq(now) }, delayMs: exponential(rng, envelopeGapMs(modeOf(routeOf(spec)))) };
  },
  step(spec, s, now, rng) {
    const mode = modeOf(routeOf(spec));
    const keep = rng.next() < tapsPerHour(now, mode) / peakTapsPerHour(mode);
    const payload = keep ? tap(spec, s, now, rng) : null;
    return { state: keep ? { seq: s.seq + 1 } : s, payload, delayMs: exponential(rng, envelopeGapMs(mode)) };
  },
};
