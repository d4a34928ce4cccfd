import { describe, expect, it, vi } from 'vitest';
import { DICTIONARIES, type Dictionary } from '../i18n/translate.ts';
import { OFFLINE_DETAIL_ZOOM } from './basemap-style.ts';
import { CLUSTER_BELOW_ZOOM } from './cluster-layer.ts';
import { FakeMapBackend } from './fake-map.fixture.ts';
import { FLY_IDLE_MS } from './fly-to.ts';
import { incidentFixture as incident } from './incident.fixture.ts';
import { MapController, type MapControllerHooks } from './map-controller.ts';
import { cluster, device, hex } from './map-state.fixture.ts';
import type { MapSelection } from './selection.ts';
import { HANOI_CENTER, HANOI_ZOOM, INCIDENT_ZOOM } from './view.ts';

const container = {} as HTMLElement;

function setup(backend = new FakeMapBackend()) {
  const heard = {
    ready: 0,
    zoomLevels: [] as number[],
    centers: [] as [number, number][],
    pulses: [] as number[],
    selections: [] as (MapSelection | null)[],
    incidents: [] as number[],
  };
  let dict: Dictionary = DICTIONARIES.vi;
  const hooks: MapControllerHooks = {
    deviceAt: (i) => (i === 0 ? device : undefined),
    dictionary: () => dict,
    onReady: () => heard.ready++,
    onZoomLevel: (z) => heard.zoomLevels.push(z),
    onCenter: (c) => heard.centers.push(c),
    onPulse: (t) => heard.pulses.push(t),
    onSelect: (s) => heard.selections.push(s),
    onSelectIncident: (id) => heard.incidents.push(id),
  };
  const controller = new MapController(backend.deps, hooks);
  return { controller, backend, map: backend.map, heard, setDict: (d: Dictionary) => (dict = d) };
}

async function opened(backend?: FakeMapBackend) {
  const s = setup(backend);
  await s.controller.open(container);
  return s;
}

describe('MapController: lifecycle', () => {
  it('opens the map on Hà Nội with the basemap it loaded', async () => {
    const { backend } = await opened();
    expect(backend.view).toEqual({ basemap: backend.basemap, center: HANOI_CENTER, zoom: HANOI_ZOOM });
  });

  it('keeps the layers until the style has loaded, then draws them and reports ready', async () => {
    const { controller, backend, map, heard } = await opened();
    controller.setLayers([]);
    const layers = [false as const];
    controller.setLayers(layers);
    expect(backend.overlay.drawn).toEqual([]);
    map.emit('load');
    expect(backend.overlay.drawn).toEqual([layers]);
    expect(heard.ready).toBe(1);
    const next = [null];
    controller.setLayers(next);
    expect(backend.overlay.drawn.at(-1)).toBe(next);
  });

  it('builds nothing when the view went away while the basemap loaded', async () => {
    const { controller, backend } = setup();
    const opening = controller.open(container);
    controller.destroy();
    await opening;
    expect(backend.view).toBeNull();
  });

  it('removes the map on destroy; later calls do nothing', async () => {
    const { controller, backend, map } = await opened();
    controller.destroy();
    expect(backend.removed).toBe(true);
    controller.flyTo(105.9, 21.1);
    controller.setPulsing(true);
    expect(map.flights).toEqual([]);
    expect(backend.frames.pending).toBe(0);
  });

  it('logs a basemap that failed to load instead of throwing', async () => {
    const backend = new FakeMapBackend();
    backend.basemapError = new Error('config unreadable');
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { controller } = setup(backend);
    await expect(controller.open(container)).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledWith('cityops: map setup failed', backend.basemapError);
    expect(backend.view).toBeNull();
    error.mockRestore();
  });
});

describe('MapController: view', () => {
  it('reports whole zoom levels when they change, and the centre after each move', async () => {
    const { map, heard } = await opened();
    for (const z of [10.7, 10.2, 9.9, 9.1, 8.5]) {
      map.zoom = z;
      map.emit('zoom');
    }
    expect(heard.zoomLevels).toEqual([9, 8]);
    map.center = { lng: 105.8, lat: 21.05 };
    map.emit('moveend');
    expect(heard.centers).toEqual([[105.8, 21.05]]);
  });

  it('pads the map for the panels once it exists, and only when the padding changed', async () => {
    const { controller, map } = setup();
    controller.setPadding({ top: 120, right: 400 });
    expect(map.paddingCalls).toEqual([]);
    await controller.open(container);
    expect(map.paddingCalls).toEqual([{ top: 120, right: 400, bottom: 0, left: 0 }]);
    controller.setPadding({ top: 120, right: 400 });
    expect(map.paddingCalls).toHaveLength(1);
  });

  it('waits for a flight to end before padding (setPadding would stop it), then applies the latest', async () => {
    const { controller, map } = await opened();
    map.moving = true;
    controller.setPadding({ top: 100, right: 300 });
    controller.setPadding({ top: 140, right: 300 });
    expect(map.paddingCalls).toEqual([]);
    map.moving = false;
    map.emit('moveend');
    expect(map.paddingCalls.at(-1)).toEqual({ top: 140, right: 300, bottom: 0, left: 0 });
  });
});

describe('MapController: flights', () => {
  const anywhere = () => true;

  it('flies to an incident as close as the offline basemap has detail, or to street level on real tiles', async () => {
    const { controller, map } = await opened();
    controller.flyTo(105.9, 21.1);
    expect(map.flights).toEqual([{ center: [105.9, 21.1], zoom: OFFLINE_DETAIL_ZOOM, essential: true }]);
    const tiles = new FakeMapBackend();
    tiles.basemap = { style: 'x', needsPmtiles: true, kind: 'pmtiles' };
    const other = await opened(tiles);
    other.controller.flyTo(105.9, 21.1);
    expect(other.map.flights[0]!.zoom).toBe(INCIDENT_ZOOM);
  });

  it('flies by itself to a new critical incident, not to the ones there when the list loaded', async () => {
    const { controller, map } = await opened();
    controller.considerIncidents([incident(1)], anywhere);
    expect(map.flights).toEqual([]);
    controller.considerIncidents([incident(1), incident(2, { lon: 105.7, lat: 21.2 })], anywhere);
    expect(map.flights).toMatchObject([{ center: [105.7, 21.2] }]);
  });

  it('does not fly where the view says no (replaying, filtered out), nor later', async () => {
    const { controller, map } = await opened();
    const allowed = vi.fn(() => false);
    controller.considerIncidents([], anywhere);
    controller.considerIncidents([incident(3)], allowed);
    expect(allowed).toHaveBeenCalledWith(expect.objectContaining({ id: 3 }));
    controller.considerIncidents([incident(3)], anywhere);
    expect(map.flights).toEqual([]);
  });

  it('leaves the map alone for a while after a person touched it; its own flights do not count', async () => {
    const { controller, backend, map } = await opened();
    controller.considerIncidents([], anywhere);
    map.emit('mousedown');
    backend.now += FLY_IDLE_MS - 1;
    controller.considerIncidents([incident(4)], anywhere);
    expect(map.flights).toEqual([]);
    backend.now += 1;
    controller.considerIncidents([incident(4), incident(5)], anywhere);
    controller.considerIncidents([incident(4), incident(5), incident(6)], anywhere);
    expect(map.flights).toHaveLength(2);
    let id = 7;
    for (const type of ['wheel', 'touchstart', 'dragstart']) {
      backend.now += FLY_IDLE_MS;
      map.emit(type);
      controller.considerIncidents([incident(id++)], anywhere);
      expect(map.flights).toHaveLength(2);
    }
  });
});

describe('MapController: picking', () => {
  it('opens the card of a clicked device (found by its slot), closes it over empty map', async () => {
    const { backend, heard } = await opened();
    backend.handlers!.onClick({ layer: { id: 'devices' }, index: 0 });
    backend.handlers!.onClick({ index: -1 });
    expect(heard.selections).toEqual([{ type: 'device', device }, null]);
  });

  it('answers a point being picked with the next click’s ground point, selecting nothing; a cancel answers null', async () => {
    const { backend, controller, heard } = await opened();
    const picked = controller.pickPoint();
    // A click that deck.gl could not place on the ground (off the map) is not an answer.
    backend.handlers!.onClick({ index: -1, coordinate: null });
    backend.handlers!.onClick({ layer: { id: 'devices' }, index: 0, coordinate: [105.8542, 21.0285] });
    expect(await picked).toEqual({ lon: 105.8542, lat: 21.0285 });
    expect(heard.selections).toEqual([]);
    // Picking is over: the next click selects again.
    backend.handlers!.onClick({ layer: { id: 'devices' }, index: 0 });
    expect(heard.selections).toEqual([{ type: 'device', device }]);
    const cancelled = controller.pickPoint();
    controller.cancelPick();
    expect(await cancelled).toBeNull();
  });

  it('selects a clicked incident in the panel, without touching the card', async () => {
    const { backend, heard } = await opened();
    backend.handlers!.onClick({ layer: { id: 'incidents' }, index: 0, object: incident(9) });
    expect(heard.incidents).toEqual([9]);
    expect(heard.selections).toEqual([]);
  });

  it('expands a clicked cluster itself, from the zoom at the time of the click', async () => {
    const { backend, map, heard } = await opened();
    map.zoom = 6.5;
    backend.handlers!.onClick({ layer: { id: 'clusters' }, index: 0, object: { cluster, radius: 10, color: [0, 0, 0, 0] } });
    expect(map.flights).toEqual([{ center: [cluster.lon, cluster.lat], zoom: CLUSTER_BELOW_ZOOM, essential: true }]);
    expect(heard.selections).toEqual([]);
  });

  it('ignores a click on a ridership hexagon', async () => {
    const { backend, map, heard } = await opened();
    backend.handlers!.onClick({ layer: { id: 'ridership' }, index: 0, object: hex });
    expect([map.flights, heard.selections, heard.incidents]).toEqual([[], [], []]);
  });

  it('describes what is under the pointer in the language of the moment', async () => {
    const { backend, setDict } = await opened();
    const tip = () => backend.handlers!.getTooltip({ layer: { id: 'ridership' }, index: 0, object: hex })?.text;
    expect(tip()).toMatch(/lượt/);
    setDict(DICTIONARIES.en);
    expect(tip()).toBe('40 taps at 3 stops');
    expect(backend.handlers!.getTooltip({ index: -1 })).toBeNull();
  });
});

describe('MapController: pulse clock', () => {
  it('runs only while asked to, at pulse steps, and reports the time', async () => {
    const { controller, backend, heard } = await opened();
    controller.setPulsing(true);
    for (const t of [1_000, 1_020, 1_050]) backend.frames.step(t);
    expect(heard.pulses).toEqual([1_000, 1_050]);
    controller.setPulsing(false);
    expect(backend.frames.pending).toBe(0);
  });

  it('stops with the map', async () => {
    const { controller, backend } = await opened();
    controller.setPulsing(true);
    controller.destroy();
    expect(backend.frames.pending).toBe(0);
  });
});
