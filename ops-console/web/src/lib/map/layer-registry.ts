import type { Layer } from '@deck.gl/core';
import type { Incident, Ticket } from '@cityops/contracts';
import type { Dictionary } from '../i18n/translate.ts';
import type { MapDevice } from '../stores/device-index.ts';
import type { Cluster } from './cluster-grid.ts';
import { CLUSTER_BELOW_ZOOM, CLUSTER_LAYER_ID, clusterDiscs, clusterLayers, type ClusterDisc } from './cluster-layer.ts';
import type { DeviceAttributes } from './device-buffers.ts';
import { DEVICE_LAYER_ID, deviceLayer } from './device-layer.ts';
import type { Hex } from './hex-bin.ts';
import { INCIDENT_LAYER_ID, incidentLayer, type LocatedIncident } from './incident-layer.ts';
import { INCIDENT_PULSE_LAYER_ID, incidentPulseLayers } from './incident-pulse.ts';
import type { LayerId } from './layer-state.ts';
import { OFFICE_LAYER_ID, queueLayer, type Office } from './queue-layer.ts';
import { RIDERSHIP_LAYER_ID, ridershipLayer } from './ridership-layer.ts';
import type { MapSelection } from './selection.ts';
import { TICKET_LAYER_ID, ticketLayer } from './ticket-layer.ts';
import { clusterTooltip, deviceTooltip, incidentTooltip, officeTooltip, ridershipTooltip, ticketTooltip } from './tooltip.ts';

/**
 * Everything the map's layers are drawn from, already chosen for what is on screen: the live or the
 * replayed fleet and incidents, the panel's filters applied. The component supplies it as getters
 * over its reactive state, so each entry's `build` re-runs only when something it reads changes.
 */
export interface MapLayerState {
  /** Binary attributes of the fleet shown. */
  readonly devices: DeviceAttributes;
  /** Zoomed out with clustering on: clusters are drawn instead of single devices. */
  readonly clustered: boolean;
  /** Empty unless `clustered`. */
  readonly clusters: readonly Cluster[];
  readonly incidents: readonly Incident[];
  /**
   * Open located incidents by pulsing severity, worked out when `incidents` change: the pulse layers
   * keep the same data from frame to frame and only `pulseTime` moves.
   */
  readonly pulseGroups: ReadonlyMap<string, LocatedIncident[]>;
  /** The pulse clock (ms). */
  readonly pulseTime: number;
  readonly offices: readonly Office[];
  readonly tickets: readonly Ticket[];
  readonly hexes: readonly Hex[];
  /** The layer panel's switches. */
  readonly visible: Readonly<Record<LayerId, boolean>>;
  /** False while replaying: the feeds have no history and would mix the present into the past. */
  readonly liveFeeds: boolean;
  /** The incident selected at the desk, ringed more heavily. */
  readonly selectedId: number | null;
}

/** What deck.gl reports under the pointer, reduced to what picking reads. */
export interface DeckPick {
  layer?: { id: string } | null;
  /** The slot in the layer's data; -1 over nothing. */
  index: number;
  object?: unknown;
  /** Where on the ground: [lon, lat] (deck.gl gives it for every click over the map). */
  coordinate?: number[] | null;
}

/** Read at the moment of a pick. */
export interface PickContext {
  /** The device in a slot of the fleet shown (live or replayed). */
  deviceAt(index: number): MapDevice | undefined;
  /** The map's zoom, fractional. */
  zoom: number;
}

/** What a click on an object asks for; the map view carries it out. */
export type MapPickResult =
  { type: 'details'; selection: MapSelection } | { type: 'incident'; id: number } | { type: 'zoom'; center: [number, number]; zoom: number };

/**
 * One entry of the map: how to build its deck.gl layers from the state, and what its objects do
 * under the pointer. `id` is the deck.gl id of its pickable layer, which is how a pick finds the
 * entry back; any other layer it builds is not pickable.
 */
export interface MapLayerEntry<T = unknown> {
  readonly id: string;
  build(state: MapLayerState): Layer | Layer[];
  /** The object a pick stands for; deck.gl's own `object` when absent. */
  objectAt?(pick: DeckPick, ctx: PickContext): T | undefined;
  tooltip?(object: T, dict: Dictionary): string[];
  onPick?(object: T, ctx: PickContext): MapPickResult;
}

const details = (selection: MapSelection): MapPickResult => ({ type: 'details', selection });

export const ridershipEntry: MapLayerEntry<Hex> = {
  id: RIDERSHIP_LAYER_ID,
  build: (s) => ridershipLayer(s.hexes, s.visible.ridership && s.liveFeeds),
  tooltip: ridershipTooltip,
};

export const devicesEntry: MapLayerEntry<MapDevice> = {
  id: DEVICE_LAYER_ID,
  build: (s) => deviceLayer(s.devices, { visible: !s.clustered }),
  // The layer draws binary arrays, so deck.gl has no object to give: only the slot.
  objectAt: (pick, ctx) => (pick.index >= 0 ? ctx.deviceAt(pick.index) : undefined),
  tooltip: deviceTooltip,
  // A copy: the record changes in place, the card shows it as it was when clicked.
  onPick: (device) => details({ type: 'device', device: { ...device } }),
};

export const clustersEntry: MapLayerEntry<ClusterDisc> = {
  id: CLUSTER_LAYER_ID,
  build: (s) => clusterLayers(s.clusters, clusterDiscs(s.clusters), s.clustered),
  tooltip: clusterTooltip,
  // Expands it: two levels closer, at least to where single devices are drawn.
  onPick: ({ cluster }, ctx) => ({ type: 'zoom', center: [cluster.lon, cluster.lat], zoom: Math.max(CLUSTER_BELOW_ZOOM, ctx.zoom + 2) }),
};

export const officesEntry: MapLayerEntry<Office> = {
  id: OFFICE_LAYER_ID,
  build: (s) => queueLayer(s.offices, s.visible.offices && s.liveFeeds),
  tooltip: officeTooltip,
  onPick: (office) => details({ type: 'office', office }),
};

export const ticketsEntry: MapLayerEntry<Ticket> = {
  id: TICKET_LAYER_ID,
  build: (s) => ticketLayer(s.tickets, s.visible.tickets && s.liveFeeds),
  tooltip: ticketTooltip,
  onPick: (ticket) => details({ type: 'ticket', ticket }),
};

export const pulseEntry: MapLayerEntry<never> = {
  id: INCIDENT_PULSE_LAYER_ID,
  build: (s) => incidentPulseLayers(s.pulseGroups, s.pulseTime, s.visible.incidents),
};

export const incidentsEntry: MapLayerEntry<Incident> = {
  id: INCIDENT_LAYER_ID,
  build: (s) => incidentLayer(s.incidents, { selectedId: s.selectedId, visible: s.visible.incidents }),
  tooltip: incidentTooltip,
  onPick: (incident) => ({ type: 'incident', id: incident.id }),
};

/** Bottom to top: the heat under everything, incidents and their pulses above the devices. */
export const MAP_LAYERS: readonly MapLayerEntry[] = [ridershipEntry, devicesEntry, clustersEntry, officesEntry, ticketsEntry, pulseEntry, incidentsEntry];
