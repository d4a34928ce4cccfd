import type { Layer } from '@deck.gl/core';
import type { MapLayerEntry, MapLayerState } from './layer-registry.ts';

/**
 * The registry's layers as one list for deck.gl, each entry rebuilt only when something its `build`
 * reads from `state` changes: the pulse clock ticking rebuilds the pulse rings and nothing else, a
 * new incident does not touch the 50,000-device layer. (`state` is read through getters over
 * reactive values, so each entry's own derivation tracks exactly what it reads.)
 */
export function layerStack(registry: readonly MapLayerEntry[], state: MapLayerState): { readonly layers: Layer[] } {
  const built = registry.map((entry) => derivedLayers(entry, state));
  const layers = $derived(built.flatMap((b) => b.layers));
  return {
    get layers() {
      return layers;
    },
  };
}

function derivedLayers(entry: MapLayerEntry, state: MapLayerState): { readonly layers: Layer[] } {
  const layers = $derived.by(() => {
    const built = entry.build(state);
    return Array.isArray(built) ? built : [built];
  });
  return {
    get layers() {
      return layers;
    },
  };
}
