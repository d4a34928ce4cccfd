import type { KindCount } from '../stores/device-index.ts';
import type { MapLayerState } from './layer-registry.ts';
import { DEVICE_LAYERS, type LayerId } from './layer-state.ts';

/**
 * The figure beside each switch of the layer panel: devices shown of each kind (after the filters),
 * and what each overlay draws now, 0 while it is switched off.
 */
export function layerCounts(
  kindCounts: Readonly<Record<string, KindCount>>,
  s: Pick<MapLayerState, 'visible' | 'incidents' | 'offices' | 'hexes' | 'tickets' | 'clusters'>,
): Partial<Record<LayerId, number>> {
  const counts: Partial<Record<LayerId, number>> = {};
  for (const kind of DEVICE_LAYERS) counts[kind] = kindCounts[kind]?.shown ?? 0;
  counts.incidents = s.visible.incidents ? s.incidents.length : 0;
  counts.offices = s.visible.offices ? s.offices.length : 0;
  counts.ridership = s.visible.ridership ? s.hexes.length : 0;
  counts.tickets = s.visible.tickets ? s.tickets.length : 0;
  counts.clusters = s.clusters.length;
  return counts;
}
