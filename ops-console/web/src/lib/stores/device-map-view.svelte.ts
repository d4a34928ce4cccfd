import type { Cluster } from '../map/cluster-grid.ts';
import { emptyDeviceAttributes, type DeviceAttributes } from '../map/device-buffers.ts';
import { sameDeviceFilter, type DeviceFilter } from '../map/layer-state.ts';
import type { FrameScheduler } from '../realtime/frame-scheduler.ts';
import { DeviceIndex, type KindCount, type MapDevice } from './device-index.ts';

/**
 * What the map reads of a fleet — the live one (DevicesManager) or a replayed one (ReplayDevices) —
 * over a plain DeviceIndex written in place: reactive fields published at most once per animation
 * frame, however many changes arrived, plus filtering, clusters and picking.
 */
export abstract class DeviceMapView {
  points = $state.raw<MapDevice[]>([]);
  /** deck.gl binary data; a new object only when some attribute changed (see DeviceBuffers). */
  attributes = $state.raw<DeviceAttributes>(emptyDeviceAttributes());
  /** ClusterGrid.version: clusters are re-merged only when it moves. */
  gridVersion = $state(0);
  kindCounts = $state.raw<Record<string, KindCount>>({});
  areas = $state.raw<string[]>([]);
  total = $state(0);

  protected index = new DeviceIndex();
  readonly #frames: FrameScheduler;
  readonly #frameKey: string;

  constructor(frames: FrameScheduler, frameKey: string) {
    this.#frames = frames;
    this.#frameKey = frameKey;
  }

  setFilter(filter: DeviceFilter): void {
    if (sameDeviceFilter(filter, this.index.filter)) return;
    this.index.setFilter(filter);
    this.schedule();
  }

  /** Clusters of the shown devices for a map at `zoom` (read `gridVersion` to react to changes). */
  clustersAt(zoom: number): Cluster[] {
    return this.index.grid.clustersAt(zoom);
  }

  /** The device in slot `index` of the binary layer (deck.gl picking). */
  deviceAt(index: number): MapDevice | undefined {
    return this.index.deviceAt(index);
  }

  get(id: string): MapDevice | undefined {
    return this.index.byId.get(id);
  }

  protected schedule(): void {
    this.#frames.schedule(this.#frameKey, () => this.publish());
  }

  /** Subclasses publish their own fields after these. */
  protected publish(): void {
    const idx = this.index;
    this.points = idx.points();
    this.attributes = idx.buffers.attributes();
    this.gridVersion = idx.grid.version;
    this.kindCounts = structuredClone(idx.kindCounts);
    this.areas = idx.areas();
    this.total = idx.size;
  }
}
