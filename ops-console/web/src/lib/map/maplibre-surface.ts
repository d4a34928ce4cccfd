import maplibregl from 'maplibre-gl';
import { MapboxOverlay } from '@deck.gl/mapbox';
import { buildTimeBasemap, loadBasemapConfig, resolveBasemap, type ResolvedBasemap } from './basemap-source.ts';
import type { InitialView, MapControllerDeps, MapSurface, OverlayHandlers } from './map-controller.ts';

/** The deployment's `basemap/config.json` (or the build's choice); registers pmtiles:// when the style needs it. */
export async function loadBasemap(): Promise<ResolvedBasemap> {
  const base = document.baseURI;
  const config = await loadBasemapConfig(fetch, base, buildTimeBasemap(import.meta.env));
  const basemap = resolveBasemap(config, base);
  if (basemap.needsPmtiles) {
    // Loaded only by deployments that use it.
    const { Protocol } = await import('pmtiles');
    maplibregl.addProtocol('pmtiles', new Protocol().tile);
  }
  return basemap;
}

/** A MapLibre map with the wall's controls and deck.gl drawing over it (`interleaved: false`). */
export function createMapSurface(container: HTMLElement, view: InitialView, handlers: OverlayHandlers): MapSurface {
  const map = new maplibregl.Map({
    container,
    style: view.basemap.style,
    center: view.center,
    zoom: view.zoom,
    attributionControl: false,
    // Rotation confuses more than it helps on a shared wall; north stays up.
    dragRotate: false,
    pitchWithRotate: false,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-left');
  map.addControl(new maplibregl.AttributionControl({ compact: false }), 'bottom-left');
  const overlay = new MapboxOverlay({ interleaved: false, layers: [], getTooltip: handlers.getTooltip, onClick: handlers.onClick });
  map.addControl(overlay);
  return {
    map,
    overlay,
    remove: () => {
      map.removeControl(overlay);
      map.remove();
    },
  };
}

/** The controller's dependencies in the browser. */
export function browserMapDeps(): MapControllerDeps {
  return {
    loadBasemap,
    createSurface: createMapSurface,
    frames: { request: (callback) => requestAnimationFrame(callback), cancel: (handle) => cancelAnimationFrame(handle) },
    now: () => Date.now(),
  };
}
