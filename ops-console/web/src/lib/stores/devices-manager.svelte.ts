import type { DeviceList, DeviceStatusEvent } from '@cityops/contracts';
import type { Api } from '../api/http.ts';
import type { MessageKey } from '../i18n/translate.ts';
import type { Cluster } from '../map/cluster-grid.ts';
import { emptyDeviceAttributes, type DeviceAttributes } from '../map/device-buffers.ts';
import { sameDeviceFilter, type DeviceFilter } from '../map/layer-state.ts';
import type { FrameScheduler } from '../realtime/frame-scheduler.ts';
import { DeviceIndex, type KindCount, type MapDevice } from './device-index.ts';
import { loadSnapshot } from './snapshot-load.ts';

/**
 * The live device fleet for the map and header. Events land in a plain DeviceIndex at once (typed
 * arrays and cluster counts written in place); the reactive fields below are published at most once
 * per animation frame, however many events arrived.
 */
export class DevicesManager {
  points = $state.raw<MapDevice[]>([]);
  /** deck.gl binary data; a new object only when some attribute changed (see DeviceBuffers). */
  attributes = $state.raw<DeviceAttributes>(emptyDeviceAttributes());
  statusVersion = $state(0);
  positionVersion = $state(0);
  /** ClusterGrid.version: clusters are re-merged only when it moves. */
  gridVersion = $state(0);
  counts = $state.raw<Record<string, number>>({});
  kindCounts = $state.raw<Record<string, KindCount>>({});
  areas = $state.raw<string[]>([]);
  total = $state(0);
  loaded = $state(false);
  error = $state<MessageKey | null>(null);

  readonly #index = new DeviceIndex();
  readonly #api: Api;
  readonly #frames: FrameScheduler;

  constructor(api: Api, frames: FrameScheduler) {
    this.#api = api;
    this.#frames = frames;
  }

  /** GET /api/devices; live events that arrive meanwhile are kept over the snapshot. */
  async load(): Promise<void> {
    const ok = await loadSnapshot(this.#index, async () => (await this.#api.get<DeviceList>('/api/devices')).items, 'devices');
    this.error = ok ? null : 'error.loadDevices';
    if (!ok) return;
    this.loaded = true;
    this.#schedule();
  }

  applyStatus(e: DeviceStatusEvent): void {
    if (this.#index.applyStatus(e) !== 'none') this.#schedule();
  }

  setFilter(filter: DeviceFilter): void {
    if (sameDeviceFilter(filter, this.#index.filter)) return;
    this.#index.setFilter(filter);
    this.#schedule();
  }

  /** Clusters of the shown devices for a map at `zoom` (read `gridVersion` to react to changes). */
  clustersAt(zoom: number): Cluster[] {
    return this.#index.grid.clustersAt(zoom);
  }

  /** The device in slot `index` of the binary layer (deck.gl picking). */
  deviceAt(index: number): MapDevice | undefined {
    return this.#index.deviceAt(index);
  }

  get(id: string): MapDevice | undefined {
    return this.#index.byId.get(id);
  }

  #schedule(): void {
    this.#frames.schedule('devices', () => this.#publish());
  }

  #publish(): void {
    const idx = this.#index;
    this.points = idx.points();
    this.attributes = idx.buffers.attributes();
    this.gridVersion = idx.grid.version;
    this.statusVersion = idx.statusVersion;
    this.positionVersion = idx.positionVersion;
    this.counts = { ...idx.counts };
    this.kindCounts = structuredClone(idx.kindCounts);
    this.areas = idx.areas();
    this.total = idx.size;
  }
}
