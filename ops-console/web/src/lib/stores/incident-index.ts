import type { Incident } from '@cityops/contracts';
import { ACTIVE_INCIDENT_STATES } from '../incidents/active-states.ts';

/** States the wall keeps on screen; resolved and closed incidents leave the list. */
const ACTIVE_STATES = ACTIVE_INCIDENT_STATES;

export function isActive(incident: Incident): boolean {
  return ACTIVE_STATES.has(incident.state);
}

/** Newest first; ties (same second) by id, which the server hands out in order. */
export function compareNewestFirst(a: Incident, b: Incident): number {
  return Date.parse(b.openedAt) - Date.parse(a.openedAt) || b.id - a.id;
}

/**
 * Active incidents keyed by id. Like DeviceIndex, a snapshot does not overwrite incidents that
 * live events changed while it was in flight.
 */
export class IncidentIndex {
  readonly byId = new Map<number, Incident>();
  version = 0;
  readonly #touched = new Set<number>();
  #sorted: Incident[] = [];
  #sortedVersion = -1;

  beginSnapshot(): void {
    this.#touched.clear();
  }

  loadSnapshot(items: readonly Incident[]): void {
    const live = new Map<number, Incident | undefined>();
    for (const id of this.#touched) live.set(id, this.byId.get(id));
    this.byId.clear();
    for (const i of items) if (!live.has(i.id) && isActive(i)) this.byId.set(i.id, i);
    for (const [id, i] of live) if (i) this.byId.set(id, i);
    this.version++;
  }

  /** Applies `incident:opened` / `incident:updated`; returns whether the list changed. */
  apply(incident: Incident): boolean {
    this.#touched.add(incident.id);
    if (!isActive(incident)) {
      const had = this.byId.delete(incident.id);
      if (had) this.version++;
      return had;
    }
    this.byId.set(incident.id, incident);
    this.version++;
    return true;
  }

  /** Sorted once per change, not once per read. */
  list(): Incident[] {
    if (this.#sortedVersion !== this.version) {
      this.#sorted = [...this.byId.values()].sort(compareNewestFirst);
      this.#sortedVersion = this.version;
    }
    return this.#sorted;
  }
}
