import type { Device, DeviceStatusEvent } from '@cityops/contracts';

/** What the map needs of a device; a live event may create one before the registry lists it. */
export type MapDevice = Pick<Device, 'id' | 'kind' | 'status' | 'lat' | 'lon' | 'area' | 'name' | 'address' | 'lastSeenAt'>;

export type DeviceChange = 'added' | 'moved' | 'status' | 'none';

/**
 * Devices keyed by id, with counts by status and version numbers for deck.gl `updateTriggers`.
 * Plain (non-reactive) on purpose: 50,000 records behind Svelte proxies would cost more than the
 * map itself. The rune manager publishes the versions once per frame.
 */
export class DeviceIndex {
  readonly byId = new Map<string, MapDevice>();
  readonly counts: Record<string, number> = {};
  /** Bumped when any colour (status) changes / when any position changes or devices come and go. */
  statusVersion = 0;
  positionVersion = 0;
  #points: MapDevice[] = [];
  #published: MapDevice[] = [];
  #structureDirty = false;
  /** Ids changed by live events since the last `beginSnapshot()`: newer than any snapshot. */
  readonly #touched = new Set<string>();

  get size(): number {
    return this.byId.size;
  }

  /** Call just before requesting `GET /api/devices`; events from now on win over its response. */
  beginSnapshot(): void {
    this.#touched.clear();
  }

  /** Replaces the registry with a snapshot, keeping what live events reported meanwhile. */
  loadSnapshot(devices: readonly Device[]): void {
    const next = new Map<string, MapDevice>();
    for (const d of devices) {
      // Revoked devices cannot publish any more; they are registry history, not the live fleet.
      if (d.revoked) continue;
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
    this.statusVersion++;
    this.positionVersion++;
  }

  applyStatus(e: DeviceStatusEvent): DeviceChange {
    this.#touched.add(e.id);
    const d = this.byId.get(e.id);
    if (!d) {
      const added: MapDevice = { id: e.id, kind: e.kind, status: e.status, lat: e.lat, lon: e.lon, area: e.area, name: null, address: null, lastSeenAt: e.at };
      this.byId.set(e.id, added);
      this.#points.push(added);
      this.#structureDirty = true;
      this.#count(e.status, 1);
      this.statusVersion++;
      this.positionVersion++;
      return 'added';
    }
    d.lastSeenAt = e.at;
    let change: DeviceChange = 'none';
    if (d.lat !== e.lat || d.lon !== e.lon) {
      d.lat = e.lat;
      d.lon = e.lon;
      this.positionVersion++;
      change = 'moved';
    }
    if (d.status !== e.status) {
      this.#count(d.status, -1);
      this.#count(e.status, 1);
      d.status = e.status;
      this.statusVersion++;
      if (change === 'none') change = 'status';
    }
    if (e.area !== undefined) d.area = e.area;
    return change;
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

  #count(status: string, delta: number): void {
    const n = (this.counts[status] ?? 0) + delta;
    if (n > 0) this.counts[status] = n;
    else delete this.counts[status];
  }
}

function toMapDevice(d: Device): MapDevice {
  return { id: d.id, kind: d.kind, status: d.status, lat: d.lat, lon: d.lon, area: d.area, name: d.name, address: d.address, lastSeenAt: d.lastSeenAt };
}
