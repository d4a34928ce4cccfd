import type { LayersList } from '@deck.gl/core';
import type { ResolvedBasemap } from './basemap-source.ts';
import type { InitialView, MapControllerDeps, MapLike, OverlayHandlers, OverlayLike, Padding } from './map-controller.ts';
import type { AnimationFrames } from './pulse-clock.ts';

/*
 * Stand-ins for MapLibre, deck.gl's overlay and the animation frames, for unit tests of the map
 * controller: they record what is asked of them and let a test fire the map's events.
 */

/** Frames run only when the test steps them, with the time it says. */
export class FakeFrames implements AnimationFrames {
  #next = 1;
  #callbacks = new Map<number, (now: number) => void>();

  get pending(): number {
    return this.#callbacks.size;
  }

  request(callback: (now: number) => void): number {
    const handle = this.#next++;
    this.#callbacks.set(handle, callback);
    return handle;
  }

  cancel(handle: number): void {
    this.#callbacks.delete(handle);
  }

  step(now: number): void {
    const due = [...this.#callbacks.values()];
    this.#callbacks.clear();
    for (const callback of due) callback(now);
  }
}

type Listener = (event: { error?: unknown }) => void;

export class FakeMap implements MapLike {
  zoom = 10.5;
  center = { lng: 105.8542, lat: 21.0285 };
  padding: Padding = { top: 0, right: 0, bottom: 0, left: 0 };
  moving = false;
  readonly flights: { center: [number, number]; zoom: number; essential: boolean }[] = [];
  readonly paddingCalls: Padding[] = [];
  #listeners: { type: string; listener: Listener; once: boolean }[] = [];

  getZoom(): number {
    return this.zoom;
  }
  getCenter(): { lng: number; lat: number } {
    return this.center;
  }
  getPadding(): Padding {
    return this.padding;
  }
  setPadding(padding: Padding): void {
    this.padding = { ...padding };
    this.paddingCalls.push(this.padding);
  }
  isMoving(): boolean {
    return this.moving;
  }
  flyTo(options: { center: [number, number]; zoom: number; essential: boolean }): void {
    this.flights.push(options);
  }
  on(type: string, listener: Listener): void {
    this.#listeners.push({ type, listener, once: false });
  }
  once(type: string, listener: () => void): void {
    this.#listeners.push({ type, listener, once: true });
  }

  /** Fires `type` as MapLibre would; `once` listeners go after their first call. */
  emit(type: string, event: { error?: unknown } = {}): void {
    const due = this.#listeners.filter((l) => l.type === type);
    this.#listeners = this.#listeners.filter((l) => l.type !== type || !l.once);
    for (const l of due) l.listener(event);
  }
}

export class FakeOverlay implements OverlayLike {
  readonly drawn: LayersList[] = [];
  setProps(props: { layers: LayersList }): void {
    this.drawn.push(props.layers);
  }
}

/** The controller's dependencies over the fakes, with what it asked of them. */
export class FakeMapBackend {
  readonly map = new FakeMap();
  readonly overlay = new FakeOverlay();
  readonly frames = new FakeFrames();
  now = 1_000_000;
  basemap: ResolvedBasemap = { style: 'offline-style', needsPmtiles: false, kind: 'offline' };
  /** When set, loading the basemap fails with it. */
  basemapError: Error | null = null;
  view: InitialView | null = null;
  handlers: OverlayHandlers | null = null;
  removed = false;

  get deps(): MapControllerDeps {
    return {
      loadBasemap: async () => {
        if (this.basemapError) throw this.basemapError;
        return this.basemap;
      },
      createSurface: (_container, view, handlers) => {
        this.view = view;
        this.handlers = handlers;
        return { map: this.map, overlay: this.overlay, remove: () => void (this.removed = true) };
      },
      frames: this.frames,
      now: () => this.now,
    };
  }
}
