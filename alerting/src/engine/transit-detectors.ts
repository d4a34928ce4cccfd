import { resolveParams, type AnyRule } from './rule.ts';
import { timeOf, type Observation, type TransitRejectionsObservation, type TransitTapObservation } from './observation.ts';
import { ReplayWindow } from './transit-replay.ts';
import { RejectionRates } from './rejection-rate.ts';

/**
 * The detector memory behind the transit rules, one detector per rule: taps go in, replay and
 * rejection-rate observations come out for `evaluate`. In memory only: a restart forgets at most
 * one window (60 s of tokens, 5 min of counts), which we accept rather than persist every tap.
 */
export class TransitDetectors {
  readonly #replay = new Map<string, ReplayWindow>();
  readonly #rates = new Map<string, RejectionRates>();

  /** Keeps a detector's memory when its rule's window did not change. */
  setRules(rules: readonly AnyRule[]): void {
    const ids = new Set(rules.map((r) => r.id));
    for (const id of this.#replay.keys()) if (!ids.has(id)) this.#replay.delete(id);
    for (const id of this.#rates.keys()) if (!ids.has(id)) this.#rates.delete(id);
    for (const r of rules) {
      if (r.kind === 'transit-replay') {
        const { windowMs, maxTokens } = resolveParams(r, null, null);
        const w = this.#replay.get(r.id);
        if (!w || w.windowMs !== windowMs || w.maxTokens !== maxTokens) this.#replay.set(r.id, new ReplayWindow(windowMs, maxTokens));
      } else if (r.kind === 'transit-rejections') {
        const { windowMs } = resolveParams(r, null, null);
        if (this.#rates.get(r.id)?.windowMs !== windowMs) this.#rates.set(r.id, new RejectionRates(windowMs));
      }
    }
  }

  /** Feeds one tap to every detector; returns what they saw. */
  record(tap: TransitTapObservation): Observation[] {
    const at = timeOf(tap.at, NaN);
    const place = { area: tap.area ?? null, lat: tap.lat ?? null, lon: tap.lon ?? null, name: tap.name ?? null };
    const out: Observation[] = [];
    for (const w of this.#replay.values()) {
      const replay = w.record({ deviceId: tap.id, token: tap.token, result: tap.result, at, ...place });
      if (replay) out.push(replay);
    }
    for (const rates of this.#rates.values()) out.push({ ...rates.record(tap.id, tap.result === 'rejected', at), ...place });
    return out;
  }

  /** A reader's counts now, for a rule's tick: the window slides with time alone. */
  rejections(ruleId: string, readerId: string, now: number): TransitRejectionsObservation | undefined {
    return this.#rates.get(ruleId)?.read(readerId, now);
  }

  forgetQuiet(now: number): void {
    for (const rates of this.#rates.values()) rates.forgetQuiet(now);
  }
}
