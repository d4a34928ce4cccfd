import type { DeviceKind } from '@cityops/contracts';

/** Device kinds drawn as status dots, one toggle each. */
export const DEVICE_LAYERS = ['camera', 'fire', 'transit', 'queue'] as const satisfies readonly DeviceKind[];
/** Overlays fed by their own realtime events. `clusters` switches low-zoom clustering on and off. */
export const OVERLAY_LAYERS = ['incidents', 'offices', 'ridership', 'tickets', 'clusters'] as const;
export type LayerId = (typeof DEVICE_LAYERS)[number] | (typeof OVERLAY_LAYERS)[number];
export const LAYER_IDS: readonly LayerId[] = [...DEVICE_LAYERS, ...OVERLAY_LAYERS];

/** What the layer panel controls. Immutable: each change returns a new value (a cheap `$state.raw`). */
export interface LayerState {
  visible: Readonly<Record<LayerId, boolean>>;
  /** Only devices, incidents and offices in this area (the registry's `area`); null = the whole city. */
  area: string | null;
}

export function initialLayerState(): LayerState {
  return { visible: Object.fromEntries(LAYER_IDS.map((id) => [id, true])) as Record<LayerId, boolean>, area: null };
}

export function toggleLayer(state: LayerState, id: LayerId, on = !state.visible[id]): LayerState {
  if (state.visible[id] === on) return state;
  return { ...state, visible: { ...state.visible, [id]: on } };
}

export function setArea(state: LayerState, area: string | null): LayerState {
  const next = area === '' ? null : area;
  return next === state.area ? state : { ...state, area: next };
}

/** The part of the state that decides which devices are drawn (DeviceIndex re-filters when it changes). */
export interface DeviceFilter {
  kinds: ReadonlySet<string>;
  area: string | null;
}

export function deviceFilter(state: LayerState): DeviceFilter {
  return { kinds: new Set(DEVICE_LAYERS.filter((k) => state.visible[k])), area: state.area };
}

export function sameDeviceFilter(a: DeviceFilter, b: DeviceFilter): boolean {
  return a.area === b.area && a.kinds.size === b.kinds.size && [...a.kinds].every((k) => b.kinds.has(k));
}

export const SHOW_ALL: DeviceFilter = { kinds: new Set(DEVICE_LAYERS), area: null };

export function isShown(d: { kind: string; area: string | null }, filter: DeviceFilter): boolean {
  return filter.kinds.has(d.kind) && (filter.area === null || d.area === filter.area);
}

/** Incidents and offices follow the area filter; an item with no area is kept (better seen than lost). */
export function inArea(item: { area?: string | null }, area: string | null): boolean {
  return area === null || item.area == null || item.area === area;
}
