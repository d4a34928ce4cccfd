import type { LayersList } from '@deck.gl/core';
import type { Incident } from '@cityops/contracts';
import type { Dictionary } from '../i18n/translate.ts';
import type { MapDevice } from '../stores/device-index.ts';
import type { ResolvedBasemap } from './basemap-source.ts';
import { FlyToPolicy, incidentZoom } from './fly-to.ts';
import { MAP_LAYERS, type DeckPick, type MapLayerEntry, type PickContext } from './layer-registry.ts';
import { clickFor, resolvePick, tooltipFor } from './map-picking.ts';
import { PulseClock, type AnimationFrames } from './pulse-clock.ts';
import type { MapSelection } from './selection.ts';
import { HANOI_CENTER, HANOI_ZOOM } from './view.ts';

export interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The part of a MapLibre map the controller uses (a fake in tests). */
export interface MapLike {
  getZoom(): number;
  getCenter(): { lng: number; lat: number };
  getPadding(): Partial<Padding>;
  setPadding(padding: Padding): unknown;
  isMoving(): boolean;
  flyTo(options: { center: [number, number]; zoom: number; essential: boolean }): unknown;
  on(type: 'error' | 'mousedown' | 'touchstart' | 'wheel' | 'dragstart' | 'zoom' | 'moveend', listener: (event: { error?: unknown }) => void): unknown;
  once(type: 'load' | 'moveend', listener: () => void): unknown;
}

/** The part of deck.gl's MapboxOverlay the controller uses. */
export interface OverlayLike {
  setProps(props: { layers: LayersList }): void;
}

/** What deck.gl's overlay calls back on hover and click. */
export interface OverlayHandlers {
  getTooltip(pick: DeckPick): { text: string } | null;
  onClick(pick: DeckPick): void;
}

/** A map with its controls and the deck.gl overlay attached, as the browser binding builds it. */
export interface MapSurface {
  readonly map: MapLike;
  readonly overlay: OverlayLike;
  /** Detaches the overlay and removes the map with its WebGL context. */
  remove(): void;
}

export interface InitialView {
  basemap: ResolvedBasemap;
  center: [number, number];
  zoom: number;
}

/** MapLibre and deck.gl, the animation frames and the clock; `browserMapDeps()` in the app. */
export interface MapControllerDeps {
  /** Reads the deployment's basemap choice and prepares what it needs (the pmtiles protocol). */
  loadBasemap(): Promise<ResolvedBasemap>;
  createSurface(container: HTMLElement, view: InitialView, handlers: OverlayHandlers): MapSurface;
  frames: AnimationFrames;
  /** Wall-clock ms, for the fly-to policy. */
  now(): number;
}

/** What the map view tells the controller, and hears back from it. */
export interface MapControllerHooks {
  /** The fleet shown now (live or replayed): deck.gl reports a device by its slot in it. */
  deviceAt(index: number): MapDevice | undefined;
  /** Read at hover time, so tooltips follow a language switch without rebuilding the overlay. */
  dictionary(): Dictionary;
  /** The style has loaded and the overlay draws. */
  onReady(): void;
  /** Whole zoom levels only: clusters change only there. */
  onZoomLevel(level: number): void;
  onCenter(center: [number, number]): void;
  onPulse(now: number): void;
  /** A device, office or ticket was clicked (its card opens), or empty map (null: the card closes). */
  onSelect(selection: MapSelection | null): void;
  onSelectIncident(id: number): void;
}

/**
 * The MapLibre map and its deck.gl overlay, from creation to removal: padding for the panels over
 * it, zoom and centre reported back, layers handed to deck.gl once the style is in, picking through
 * the layer registry, flights (asked for, or to a new critical incident under FlyToPolicy) and the
 * pulse clock. It holds no reactive state; the map view feeds it and listens through its hooks.
 */
export class MapController {
  readonly #deps: MapControllerDeps;
  readonly #hooks: MapControllerHooks;
  readonly #registry: readonly MapLayerEntry[];
  readonly #policy = new FlyToPolicy();
  readonly #pulse: PulseClock;
  #surface: MapSurface | null = null;
  #ready = false;
  #destroyed = false;
  #layers: LayersList = [];
  #padding: Padding = { top: 0, right: 0, bottom: 0, left: 0 };
  #basemapKind: ResolvedBasemap['kind'] = 'offline';
  #zoomLevel = Math.floor(HANOI_ZOOM);

  constructor(deps: MapControllerDeps, hooks: MapControllerHooks, registry: readonly MapLayerEntry[] = MAP_LAYERS) {
    this.#deps = deps;
    this.#hooks = hooks;
    this.#registry = registry;
    this.#pulse = new PulseClock(deps.frames, (now) => hooks.onPulse(now));
  }

  /** Builds the map in `container`. Resolves once it exists (the style may still be loading); failures are logged. */
  async open(container: HTMLElement): Promise<void> {
    try {
      const basemap = await this.#deps.loadBasemap();
      if (this.#destroyed) return;
      this.#basemapKind = basemap.kind;
      const surface = this.#deps.createSurface(
        container,
        { basemap, center: HANOI_CENTER, zoom: HANOI_ZOOM },
        {
          getTooltip: (pick) => tooltipFor(resolvePick(pick, this.#pickContext(), this.#registry), this.#hooks.dictionary()),
          onClick: (pick) => this.#click(pick),
        },
      );
      this.#surface = surface;
      this.#listen(surface);
      this.#applyPadding();
    } catch (err) {
      console.error('cityops: map setup failed', err);
    }
  }

  /** Pixels covered by the header and the incident panel: centring and flights aim at the rest. */
  setPadding(insets: { top: number; right: number }): void {
    this.#padding = { top: insets.top, right: insets.right, bottom: 0, left: 0 };
    this.#applyPadding();
  }

  /** Kept until the style has loaded, then drawn; deck.gl diffs them by id, so unchanged layers cost nothing. */
  setLayers(layers: LayersList): void {
    this.#layers = layers;
    if (this.#ready) this.#surface?.overlay.setProps({ layers });
  }

  /** The pulse clock runs only while something pulses. */
  setPulsing(on: boolean): void {
    this.#pulse.run(on && !this.#destroyed);
  }

  /**
   * Call with the whole active list whenever it changes. Flies to a new critical incident when
   * FlyToPolicy says the wall may move by itself and `mayFly` allows that incident.
   */
  considerIncidents(items: readonly Incident[], mayFly: (incident: Incident) => boolean): void {
    const target = this.#policy.consider(items, this.#deps.now());
    if (!target) return;
    const incident = items.find((i) => i.id === target.incidentId);
    if (incident && mayFly(incident)) this.flyTo(target.lon, target.lat);
  }

  /** To an incident: as close as the basemap has detail, never further out than the operator is. */
  flyTo(lon: number, lat: number): void {
    const map = this.#surface?.map;
    map?.flyTo({ center: [lon, lat], zoom: incidentZoom(map.getZoom(), this.#basemapKind), essential: true });
  }

  destroy(): void {
    this.#destroyed = true;
    this.#pulse.run(false);
    this.#surface?.remove();
    this.#surface = null;
    this.#ready = false;
  }

  #listen({ map, overlay }: MapSurface): void {
    map.on('error', (e) => console.error('cityops: map error', e.error));
    // Only what a person does counts as touching the map; our own flyTo does not.
    for (const type of ['mousedown', 'touchstart', 'wheel', 'dragstart'] as const) map.on(type, () => this.#policy.touched(this.#deps.now()));
    map.on('zoom', () => {
      const level = Math.floor(map.getZoom());
      if (level === this.#zoomLevel) return;
      this.#zoomLevel = level;
      this.#hooks.onZoomLevel(level);
    });
    map.on('moveend', () => {
      const c = map.getCenter();
      this.#hooks.onCenter([c.lng, c.lat]);
    });
    map.once('load', () => {
      this.#ready = true;
      overlay.setProps({ layers: this.#layers });
      this.#hooks.onReady();
    });
  }

  // setPadding jumps, which stops a flight under way (a new alarm resizes the header just as the wall
  // flies to it): wait for the flight to end, then apply whatever the padding is by then.
  #applyPadding(): void {
    const map = this.#surface?.map;
    if (!map) return;
    const now = map.getPadding();
    if (now.top === this.#padding.top && now.right === this.#padding.right) return;
    if (map.isMoving()) map.once('moveend', () => map.setPadding(this.#padding));
    else map.setPadding(this.#padding);
  }

  #pickContext(): PickContext {
    const hooks = this.#hooks;
    const map = this.#surface?.map;
    return {
      deviceAt: (index) => hooks.deviceAt(index),
      // A getter: a hover never needs it, a click on a cluster does.
      get zoom() {
        return map?.getZoom() ?? 0;
      },
    };
  }

  /** A point being picked for a form: the next click on the map answers it instead of selecting. */
  #picking: ((point: { lon: number; lat: number } | null) => void) | null = null;

  /**
   * The ground point of the next click on the map (a call's address, an incident's place), or null
   * if `cancelPick` comes first. Asking again cancels the earlier ask.
   */
  pickPoint(): Promise<{ lon: number; lat: number } | null> {
    this.cancelPick();
    return new Promise((resolve) => (this.#picking = resolve));
  }

  cancelPick(): void {
    const pending = this.#picking;
    this.#picking = null;
    pending?.(null);
  }

  #click(pick: DeckPick): void {
    if (this.#picking) {
      const [lon, lat] = pick.coordinate ?? [];
      if (typeof lon !== 'number' || typeof lat !== 'number') return;
      const answer = this.#picking;
      this.#picking = null;
      return answer({ lon, lat });
    }
    const ctx = this.#pickContext();
    const click = clickFor(resolvePick(pick, ctx, this.#registry), ctx);
    switch (click.type) {
      case 'clear':
        return this.#hooks.onSelect(null);
      case 'details':
        return this.#hooks.onSelect(click.selection);
      case 'incident':
        return this.#hooks.onSelectIncident(click.id);
      case 'zoom':
        this.#surface?.map.flyTo({ center: click.center, zoom: click.zoom, essential: true });
        return;
      case 'none':
        return;
    }
  }
}
