import type { Device, DeviceStatusEvent } from '@cityops/contracts';
import { ClusterGrid, mixBucket } from '../map/cluster-grid.ts';
import { DeviceBuffers } from '../map/device-buffers.ts';
import { isShown, SHOW_ALL, type DeviceFilter } from '../map/layer-state.ts';

/** What the map needs of a device; a live event may create one before the registry lists it. */
export type MapDevice = Pick<Device, 'id' | 'kind' | 'status' | 'lat' | 'lon' | 'area' | 'name' | 'address' | 'lastSeenAt'>;

export type DeviceChange = 'added' | 'moved' | 'status' | 'none';

/** Devices of one kind: registered, and drawn under the current filter. */
export interface KindCount {
  total: number;
  shown: number;
}

/**
 * Devices keyed by id, with counts by status, version numbers, and the map's input kept in step one
 * device at a time: typed arrays for deck.gl (DeviceBuffers) and the low-zoom cluster grid.
 * Plain (non-reactive) on purpose: 50,000 records behind Svelte proxies would cost more than the
 * map itself. The rune manager publishes once per frame.
 */
export class DeviceIndex {
  readonly byId = new Map<string, MapDevice>();
  readonly counts: Record<string, number> = {};
  readonly kindCounts: Record<string, KindCount> = {};
  readonly buffers = new DeviceBuffers();
  /** Devices shown under the filter, by cell and status bucket. */
  readonly grid = new ClusterGrid();
  /** Bumped when devices come and go or the filter changes. */
  structureVersion = 0;
  #points: MapDevice[] = [];
  #published: MapDevice[] = [];
  #structureDirty = false;
  readonly #slotOf = new Map<string, number>();
  #filter: DeviceFilter = SHOW_ALL;
  #areas: { version: number; list: string[] } | null = null;
  /** Ids changed by live events since the last `beginSnapshot()`: newer than any snapshot. */
  readonly #touched = new Set<string>();
  /** Of those, the ones revoked: a snapshot read before that must not bring them back. */
  readonly #removed = new Set<string>();

  get size(): number {
    return this.byId.size;
  }

  get filter(): DeviceFilter {
    return this.#filter;
  }

  /** Call just before requesting `GET /api/devices`; events from now on win over its response. */
  beginSnapshot(): void {
    this.#touched.clear();
    this.#removed.clear();
  }

  /** Replaces the registry with a snapshot, keeping what live events reported meanwhile. */
  loadSnapshot(devices: readonly Device[]): void {
    const next = new Map<string, MapDevice>();
    for (const d of devices) {
      // Revoked devices cannot publish any more; they are registry history, not the live fleet.
      if (d.revoked || this.#removed.has(d.id)) continue;
      const live = this.#touched.has(d.id) ? this.byId.get(d.id) : undefined;
      next.set(d.id, live ?? toMapDevice(d));
    }
    for (const id of this.#touched) {
      const live = this.byId.get(id);
      if (live && !next.has(id)) next.set(id, live);
    }
    this.byId.clear();
    for (const [id, d] of next) this.byId.set(id, d);
    this.#points = [...next.values()];
    this.#structureDirty = true;
    for (const k of Object.keys(this.counts)) delete this.counts[k];
    for (const d of this.#points) this.#count(d.status, 1);
    this.#rebuild();
  }

  applyStatus(e: DeviceStatusEvent): DeviceChange {
    this.#touched.add(e.id);
    this.#removed.delete(e.id);
    const d = this.byId.get(e.id);
    if (!d) return this.#add({ id: e.id, kind: e.kind, status: e.status, lat: e.lat, lon: e.lon, area: e.area, name: null, address: null, lastSeenAt: e.at });
    d.lastSeenAt = e.at;
    const slot = this.#slotOf.get(d.id)!;
    const shownBefore = isShown(d, this.#filter);
    let change: DeviceChange = 'none';
    if (d.lat !== e.lat || d.lon !== e.lon) {
      if (shownBefore) this.grid.remove(d.lon, d.lat, mixBucket(d.status));
      d.lat = e.lat;
      d.lon = e.lon;
      if (shownBefore) this.grid.add(d.lon, d.lat, mixBucket(d.status));
      this.buffers.setPosition(slot, d.lon, d.lat);
      change = 'moved';
    }
    if (d.status !== e.status) {
      this.#count(d.status, -1);
      this.#count(e.status, 1);
      if (shownBefore) this.grid.move(d.lon, d.lat, mixBucket(d.status), mixBucket(e.status));
      d.status = e.status;
      this.buffers.setStatus(slot, d.status, shownBefore);
      if (change === 'none') change = 'status';
    }
    if (e.area !== undefined && e.area !== d.area) {
      // A device that changed area may leave or enter the filtered view.
      this.#leave(d, this.#filter);
      d.area = e.area;
      this.#enter(slot, d);
      this.structureVersion++;
    }
    return change;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /**
   * A registry record (a device provisioned or restored): added with its name and address, or, if a
   * live event created it first, given them; its status and position then follow like an event's.
   */
  upsert(record: MapDevice): DeviceChange {
    this.#touched.add(record.id);
    this.#removed.delete(record.id);
    const d = this.byId.get(record.id);
    if (!d) return this.#add({ ...record });
    d.name = record.name;
    d.address = record.address;
    return this.applyStatus({
      sseq: 1,
      id: record.id,
      kind: record.kind,
      status: record.status,
      lat: record.lat,
      lon: record.lon,
      area: record.area,
      at: record.lastSeenAt ?? d.lastSeenAt ?? '',
    });
  }

  /**
   * A device revoked: it leaves the map and the counts. Rare, so the slots are rebuilt (a few ms for
   * 50,000 devices) rather than kept in a free list. A snapshot requested before it left cannot
   * bring it back.
   */
  remove(id: string): boolean {
    this.#touched.add(id);
    this.#removed.add(id);
    const d = this.byId.get(id);
    if (!d) return false;
    this.byId.delete(id);
    this.#count(d.status, -1);
    this.#points = this.#points.filter((p) => p.id !== id);
    this.#structureDirty = true;
    this.#rebuild();
    return true;
  }

  /** Applies the layer panel's kinds and area: radii go to 0 for hidden devices, clusters are recounted. */
  setFilter(filter: DeviceFilter): void {
    this.#filter = filter;
    this.#rebuild();
  }

  /**
   * The array to hand deck.gl. Its identity changes only when devices were added or removed
   * (deck.gl compares `data` by reference); status and position changes go through the versions.
   */
  points(): MapDevice[] {
    if (this.#structureDirty) {
      this.#published = this.#points.slice();
      this.#structureDirty = false;
    }
    return this.#published;
  }

  /** The device drawn in slot `index` of the binary layer (what deck.gl picking reports). */
  deviceAt(index: number): MapDevice | undefined {
    return this.#points[index];
  }

  /** Areas of the registry, sorted, for the area filter. */
  areas(): string[] {
    if (this.#areas?.version !== this.structureVersion) {
      const set = new Set<string>();
      for (const d of this.#points) if (d.area) set.add(d.area);
      this.#areas = { version: this.structureVersion, list: [...set].sort((a, b) => a.localeCompare(b, 'vi')) };
    }
    return this.#areas.list;
  }

  #add(added: MapDevice): DeviceChange {
    this.byId.set(added.id, added);
    const slot = this.#points.push(added) - 1;
    this.#slotOf.set(added.id, slot);
    this.#structureDirty = true;
    this.structureVersion++;
    this.#count(added.status, 1);
    this.buffers.resize(this.#points.length);
    this.#place(slot, added);
    return 'added';
  }

  /** Slots, buffers, grid and kind counts from scratch: on a snapshot or a filter change. */
  #rebuild(): void {
    this.#slotOf.clear();
    this.grid.clear();
    for (const k of Object.keys(this.kindCounts)) delete this.kindCounts[k];
    this.buffers.reset(this.#points.length);
    this.buffers.resize(this.#points.length);
    for (const [slot, d] of this.#points.entries()) {
      this.#slotOf.set(d.id, slot);
      this.#place(slot, d);
    }
    this.structureVersion++;
  }

  #place(slot: number, d: MapDevice): void {
    this.buffers.setPosition(slot, d.lon, d.lat);
    const k = (this.kindCounts[d.kind] ??= { total: 0, shown: 0 });
    k.total++;
    this.buffers.setStatus(slot, d.status, false);
    this.#enter(slot, d);
  }

  #enter(slot: number, d: MapDevice): void {
    const shown = isShown(d, this.#filter);
    this.buffers.setShown(slot, d.status, shown);
    if (!shown) return;
    this.kindCounts[d.kind]!.shown++;
    this.grid.add(d.lon, d.lat, mixBucket(d.status));
  }

  #leave(d: MapDevice, filter: DeviceFilter): void {
    if (!isShown(d, filter)) return;
    this.kindCounts[d.kind]!.shown--;
    this.grid.remove(d.lon, d.lat, mixBucket(d.status));
  }

  #count(status: string, delta: number): void {
    const n = (this.counts[status] ?? 0) + delta;
    if (n > 0) this.counts[status] = n;
    else delete this.counts[status];
  }
}

export function toMapDevice(d: Device): MapDevice {
  return { id: d.id, kind: d.kind, status: d.status, lat: d.lat, lon: d.lon, area: d.area, name: d.name, address: d.address, lastSeenAt: d.lastSeenAt };
}
