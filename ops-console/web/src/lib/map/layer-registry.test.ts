import type { Layer } from '@deck.gl/core';
import { describe, expect, it } from 'vitest';
import { CLUSTER_BELOW_ZOOM, type ClusterDisc } from './cluster-layer.ts';
import { incidentFixture } from './incident.fixture.ts';
import {
  clustersEntry,
  devicesEntry,
  incidentsEntry,
  MAP_LAYERS,
  officesEntry,
  pulseEntry,
  ridershipEntry,
  ticketsEntry,
  type MapLayerEntry,
  type MapLayerState,
  type PickContext,
} from './layer-registry.ts';
import { initialLayerState, toggleLayer, type LayerId } from './layer-state.ts';
import { cluster, device, hex, mapStateFixture, office, ticket } from './map-state.fixture.ts';

const built = (entry: MapLayerEntry, state: MapLayerState = mapStateFixture()): Layer[] => [entry.build(state)].flat();
const only = (entry: MapLayerEntry, state?: MapLayerState): Layer => {
  const layers = built(entry, state);
  expect(layers).toHaveLength(1);
  return layers[0]!;
};
const off = (id: LayerId) => toggleLayer(initialLayerState(), id, false).visible;
/** A ScatterplotLayer prop the base Layer type does not declare. */
const radiusScale = (l: Layer) => (l.props as unknown as { radiusScale: number }).radiusScale;
const ctx: PickContext = { deviceAt: (i) => (i === 0 ? device : undefined), zoom: 8 };

describe('MAP_LAYERS', () => {
  it('draws bottom to top: the ridership heat first, incidents and their pulses over the devices', () => {
    expect(MAP_LAYERS.map((e) => e.id)).toEqual(['ridership', 'devices', 'clusters', 'offices', 'tickets', 'incident-pulse', 'incidents']);
  });

  it('builds layers whose ids are all different (deck.gl matches layers by id from one frame to the next)', () => {
    const ids = MAP_LAYERS.flatMap((e) => built(e).map((l) => l.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('finds every pickable layer back by its entry, which describes its objects', () => {
    for (const entry of MAP_LAYERS) {
      for (const layer of built(entry)) {
        if (!layer.props.pickable) continue;
        expect(layer.id).toBe(entry.id);
        expect(entry.tooltip).toBeTypeOf('function');
      }
    }
  });
});

describe('ridershipEntry', () => {
  it('draws the hexagons; hidden while replaying (taps have no history) or switched off', () => {
    const layer = only(ridershipEntry);
    expect(layer.props.data).toEqual([hex]);
    expect(layer.props.visible).toBe(true);
    expect(only(ridershipEntry, mapStateFixture({ liveFeeds: false })).props.visible).toBe(false);
    expect(only(ridershipEntry, mapStateFixture({ visible: off('ridership') })).props.visible).toBe(false);
  });

  it('only describes a hexagon: a click on one does nothing', () => {
    expect(ridershipEntry.onPick).toBeUndefined();
  });
});

describe('devicesEntry', () => {
  it('draws the binary attributes of the fleet shown, hidden while clusters stand in for them', () => {
    const state = mapStateFixture();
    expect(only(devicesEntry, state).props.data).toBe(state.devices);
    expect(only(devicesEntry, mapStateFixture({ clustered: true })).props.visible).toBe(false);
  });

  it('finds the device by its slot (deck.gl has no object for binary data), none over no slot', () => {
    expect(devicesEntry.objectAt!({ layer: { id: 'devices' }, index: 0 }, ctx)).toBe(device);
    expect(devicesEntry.objectAt!({ layer: { id: 'devices' }, index: -1 }, ctx)).toBeUndefined();
  });

  it('opens a card on a copy of the device, which keeps changing in place', () => {
    const result = devicesEntry.onPick!(device, ctx);
    expect(result).toEqual({ type: 'details', selection: { type: 'device', device } });
    expect(result.type === 'details' && result.selection.type === 'device' && result.selection.device).not.toBe(device);
  });
});

describe('clustersEntry', () => {
  it('draws discs and their counts only while clustered', () => {
    const [discs, counts] = built(clustersEntry, mapStateFixture({ clustered: true }));
    expect(discs!.id).toBe('clusters');
    expect((discs!.props.data as ClusterDisc[]).every((d) => d.cluster === cluster)).toBe(true);
    expect(counts!.props.pickable).toBe(false);
    expect(built(clustersEntry).every((l) => !l.props.visible)).toBe(true);
  });

  it('expands a clicked cluster: two levels closer, at least to where devices are drawn singly', () => {
    const disc: ClusterDisc = { cluster, radius: 10, color: [0, 0, 0, 0] };
    expect(clustersEntry.onPick!(disc, { ...ctx, zoom: 5 })).toEqual({ type: 'zoom', center: [cluster.lon, cluster.lat], zoom: CLUSTER_BELOW_ZOOM });
    expect(clustersEntry.onPick!(disc, { ...ctx, zoom: 9.5 })).toMatchObject({ zoom: 11.5 });
  });
});

describe('officesEntry and ticketsEntry', () => {
  it('draw live data only, each under its own switch', () => {
    expect(only(officesEntry).props.data).toEqual([office]);
    expect(only(ticketsEntry).props.data).toEqual([ticket]);
    for (const entry of [officesEntry, ticketsEntry]) {
      expect(only(entry).props.visible).toBe(true);
      expect(only(entry, mapStateFixture({ liveFeeds: false })).props.visible).toBe(false);
    }
    expect(only(officesEntry, mapStateFixture({ visible: off('offices') })).props.visible).toBe(false);
    expect(only(ticketsEntry, mapStateFixture({ visible: off('tickets') })).props.visible).toBe(false);
  });

  it('open their card on a click', () => {
    expect(officesEntry.onPick!(office, ctx)).toEqual({ type: 'details', selection: { type: 'office', office } });
    expect(ticketsEntry.onPick!(ticket, ctx)).toEqual({ type: 'details', selection: { type: 'ticket', ticket } });
  });
});

describe('pulseEntry', () => {
  it('rings each pulsing severity; the clock moves uniforms, never the data', () => {
    const state = mapStateFixture();
    const now = built(pulseEntry, state);
    const later = built(pulseEntry, { ...state, pulseTime: 400 });
    expect(now.map((l) => l.id).sort()).toEqual(['incident-pulse-critical', 'incident-pulse-major']);
    expect(later[0]!.props.data).toBe(now[0]!.props.data);
    expect(radiusScale(later[0]!)).not.toBe(radiusScale(now[0]!));
    expect(now.every((l) => !l.props.pickable)).toBe(true);
  });

  it('hides with the incidents layer and draws nothing when nothing pulses', () => {
    expect(built(pulseEntry, mapStateFixture({ visible: off('incidents') })).every((l) => !l.props.visible)).toBe(true);
    expect(built(pulseEntry, mapStateFixture({ pulseGroups: new Map() }))).toEqual([]);
    expect(pulseEntry.onPick).toBeUndefined();
  });
});

describe('incidentsEntry', () => {
  it('rings the incidents shown, the selected one heavier; hidden with its switch', () => {
    const layer = only(incidentsEntry, mapStateFixture({ selectedId: 2 }));
    expect(layer.props.updateTriggers).toMatchObject({ getRadius: 2 });
    expect(only(incidentsEntry, mapStateFixture({ visible: off('incidents') })).props.visible).toBe(false);
  });

  it('selects the clicked incident in the panel', () => {
    expect(incidentsEntry.onPick!(incidentFixture(42), ctx)).toEqual({ type: 'incident', id: 42 });
  });
});
