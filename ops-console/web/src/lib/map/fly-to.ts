import type { Incident } from '@cityops/contracts';
import type { ResolvedBasemap } from './basemap-source.ts';
import { OFFLINE_DETAIL_ZOOM } from './basemap-style.ts';
import { hasPosition } from './incident-layer.ts';
import { inArea, type LayerState } from './layer-state.ts';
import { INCIDENT_ZOOM } from './view.ts';

/** Hands off the map for this long before the wall may move it by itself. */
export const FLY_IDLE_MS = 30_000;

export interface FlyTarget {
  incidentId: number;
  lon: number;
  lat: number;
}

/**
 * Decides when the wall flies to an incident by itself: a critical incident it has not seen before,
 * that arrived live (the first list is history, not news), while nobody has touched the map for
 * `idleMs`. The clock is passed in.
 */
export class FlyToPolicy {
  readonly #seen = new Set<number>();
  readonly #idleMs: number;
  #seeded = false;
  #lastTouch = Number.NEGATIVE_INFINITY;

  constructor(idleMs = FLY_IDLE_MS) {
    this.#idleMs = idleMs;
  }

  /** The operator panned, zoomed or clicked the map. */
  touched(now: number): void {
    this.#lastTouch = now;
  }

  idle(now: number): boolean {
    return now - this.#lastTouch >= this.#idleMs;
  }

  /**
   * Call with the whole active list whenever it changes. The first call only records what exists.
   * Returns the newest qualifying incident, or null. Incidents seen while the operator was busy are
   * not flown to later: by then they are on the list and the operator chooses.
   */
  consider(incidents: readonly Incident[], now: number): FlyTarget | null {
    let target: FlyTarget | null = null;
    let newest = Number.NEGATIVE_INFINITY;
    for (const i of incidents) {
      if (this.#seen.has(i.id)) continue;
      this.#seen.add(i.id);
      if (!this.#seeded || i.severity !== 'critical' || i.state !== 'open' || !hasPosition(i)) continue;
      const opened = Date.parse(i.openedAt);
      if (opened > newest || target === null) {
        newest = opened;
        target = { incidentId: i.id, lon: i.lon, lat: i.lat };
      }
    }
    this.#seeded = true;
    return target && this.idle(now) ? target : null;
  }
}

/**
 * The zoom a fly-to an incident ends at: close enough to tell one building from the next where the
 * basemap has streets (tiles of a deployment), no closer than the offline basemap has anything to
 * show, and never further out than the operator already is.
 */
export function incidentZoom(current: number, basemap: ResolvedBasemap['kind']): number {
  const wanted = basemap === 'offline' ? Math.min(INCIDENT_ZOOM, OFFLINE_DETAIL_ZOOM) : INCIDENT_ZOOM;
  return Math.max(current, wanted);
}

/**
 * What FlyToPolicy does not know: never while replaying (the operator is looking at the past on
 * purpose; the panel still lists the incident), and never to an incident the layer panel hides
 * (outside the area filter, or with the incidents layer off).
 */
export function mayFlyTo(incident: Incident, view: { replaying: boolean; layers: LayerState }): boolean {
  return !view.replaying && inArea(incident, view.layers.area) && view.layers.visible.incidents;
}
