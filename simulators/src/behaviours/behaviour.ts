import type { DeviceKind, PayloadByKind } from '@cityops/contracts';
import type { DeviceSpec } from '../fleet/device-spec.ts';
import type { Rng } from '../core/rng.ts';

/**
 * What a device does next, as a pure function of its state, the time and a seeded rng.
 *
 * `delayMs` is the nominal wait before the next wake-up; the runner divides it by its rate
 * multiplier. Behaviours therefore keep durations as time *left* rather than absolute deadlines,
 * so a faster rate plays the same story faster instead of waking early and finding nothing due.
 */
export interface Step<S, P> {
  state: S;
  /** null: the device woke and had nothing to say (e.g. a transit reader at 03:00). */
  payload: P | null;
  delayMs: number;
}

export interface Behaviour<K extends DeviceKind, S> {
  kind: K;
  init(spec: DeviceSpec, now: number, rng: Rng): { state: S; delayMs: number };
  step(spec: DeviceSpec, state: S, now: number, rng: Rng): Step<S, PayloadByKind[K]>;
}

/**
 * The first seq of a run is the start time in epoch ms, so seq keeps increasing across simulator
 * restarts, as it would on a device that persists its counter (`seq` is a per-device increasing
 * counter: `Sequence`, contracts/src/mqtt/common.ts). Safe while a device sends under 1,000 messages a
 * second.
 */
export function firstSeq(now: number): number {
  return Math.floor(now);
}

/** `ts` goes out as integer epoch ms (the schema takes no fraction); the clock handed in may not be. */
export const tsOf = (now: number): number => Math.floor(now);

export const round1 = (x: number): number => Math.round(x * 10) / 10;
