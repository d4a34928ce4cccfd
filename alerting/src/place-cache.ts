import type { Device } from '@cityops/contracts';

type Place = { area: string | null; lat: number; lon: number; name: string | null; address: string | null };

/**
 * Where each device is, from the registry: event payloads carry ids, incidents need addresses.
 * Devices rarely move; entries expire after ten minutes so a move or a new address shows up.
 */
export class PlaceCache {
  private readonly entries = new Map<string, { place: Place | null; expires: number }>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(id: string, load: () => Promise<Device | null>): Promise<Place | Record<string, never>> {
    const hit = this.entries.get(id);
    if (hit && hit.expires > this.now()) return hit.place ?? {};
    const d = await load();
    const place = d ? { area: d.area, lat: d.lat, lon: d.lon, name: d.name, address: d.address } : null;
    if (this.entries.size > 100_000) this.entries.clear();
    this.entries.set(id, { place, expires: this.now() + this.ttlMs });
    return place ?? {};
  }
}
