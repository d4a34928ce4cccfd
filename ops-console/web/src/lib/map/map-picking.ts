import type { Dictionary } from '../i18n/translate.ts';
import { MAP_LAYERS, type DeckPick, type MapLayerEntry, type MapPickResult, type PickContext } from './layer-registry.ts';

/** The object under the pointer and the registry entry whose layer drew it. */
export interface Picked {
  entry: MapLayerEntry | undefined;
  object: unknown;
}

/** A click: what the object asks for, `clear` over empty map (closes the details card), `none` for an object that does nothing. */
export type MapClick = MapPickResult | { type: 'clear' } | { type: 'none' };

export function entryFor(layerId: string, registry: readonly MapLayerEntry[] = MAP_LAYERS): MapLayerEntry | undefined {
  return registry.find((e) => e.id === layerId);
}

/** Null over empty map; hover and click both start here, so they always agree on what is under the pointer. */
export function resolvePick(pick: DeckPick, ctx: PickContext, registry: readonly MapLayerEntry[] = MAP_LAYERS): Picked | null {
  const entry = pick.layer ? entryFor(pick.layer.id, registry) : undefined;
  const object = entry?.objectAt ? entry.objectAt(pick, ctx) : pick.object;
  return object ? { entry, object } : null;
}

export function tooltipFor(picked: Picked | null, dict: Dictionary): { text: string } | null {
  const lines = picked?.entry?.tooltip?.(picked.object, dict);
  return lines ? { text: lines.filter(Boolean).join('\n') } : null;
}

export function clickFor(picked: Picked | null, ctx: PickContext): MapClick {
  if (!picked) return { type: 'clear' };
  return picked.entry?.onPick?.(picked.object, ctx) ?? { type: 'none' };
}
