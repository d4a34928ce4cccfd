import type { AlertState } from './state.ts';

export interface AlertChanges {
  upserted: AlertState[];
  deleted: Array<{ ruleId: string; subject: string }>;
}

const keyOf = (ruleId: string, subject: string) => `${ruleId}\u0000${subject}`;

/**
 * The alert states of the engine, keyed by (rule, subject), remembering which changed since the
 * wiring last asked: it persists exactly those in the transaction that advances its event-log
 * offset, so a restart resumes every pending timer and live incident where it was.
 */
export class AlertStore {
  readonly #states = new Map<string, AlertState>();
  readonly #dirty = new Set<string>();

  get size(): number {
    return this.#states.size;
  }

  get(ruleId: string, subject: string): AlertState | undefined {
    return this.#states.get(keyOf(ruleId, subject));
  }

  has(ruleId: string, subject: string): boolean {
    return this.#states.has(keyOf(ruleId, subject));
  }

  set(s: AlertState): void {
    const key = keyOf(s.ruleId, s.subject);
    const before = this.#states.get(key);
    this.#states.set(key, s);
    // Evaluation returns a fresh object each time; only a real change is worth a database write.
    if (before !== s && (!before || JSON.stringify(before) !== JSON.stringify(s))) this.#dirty.add(key);
  }

  delete(s: AlertState): void {
    const key = keyOf(s.ruleId, s.subject);
    if (this.#states.delete(key)) this.#dirty.add(key);
  }

  values(): AlertState[] {
    return [...this.#states.values()];
  }

  /** Seeds the store from persisted states (on start); they count as unchanged. */
  load(states: Iterable<AlertState>): void {
    for (const s of states) this.#states.set(keyOf(s.ruleId, s.subject), s);
  }

  /** What changed since the last call: states to upsert and (rule, subject) pairs to delete. */
  takeChanges(): AlertChanges {
    const out: AlertChanges = { upserted: [], deleted: [] };
    for (const key of this.#dirty) {
      const s = this.#states.get(key);
      if (s) out.upserted.push(s);
      else {
        const [ruleId = '', subject = ''] = key.split('\u0000');
        out.deleted.push({ ruleId, subject });
      }
    }
    this.#dirty.clear();
    return out;
  }
}
