import { statusColor, type Rgba } from './status-color.ts';

/**
 * Status buckets of a cluster's mix, most urgent first. Statuses that mean the same to an operator
 * share a bucket (as they share a colour); each bucket is drawn in its status colour.
 */
export const MIX_BUCKETS = ['alarm', 'fault', 'overloaded', 'degraded', 'offline', 'online', 'unknown'] as const;
export type MixBucket = (typeof MIX_BUCKETS)[number];
const BUCKET_OF: Record<string, number> = { alarm: 0, tampered: 1, fault: 1, overloaded: 2, degraded: 3, offline: 4, online: 5, normal: 5, unknown: 6 };

export function mixBucket(status: string): number {
  return BUCKET_OF[status] ?? 6;
}

/**
 * Finest grid level (Web Mercator tiles, 2^level per side). A level-`z + 3` cell is 64 px wide at zoom
 * `z` (512 px tiles), so level 13 serves clustering up to zoom 10.
 */
export const FINE_LEVEL = 13;
const SIDE = 2 ** FINE_LEVEL;

export interface Cluster {
  /** Centroid of its devices. */
  lon: number;
  lat: number;
  count: number;
  /** Devices per MIX_BUCKETS entry. */
  mix: number[];
  /** Stable within one level: `level:x:y`. */
  id: string;
}

interface Cell {
  count: number;
  sumX: number;
  sumY: number;
  mix: Uint32Array;
}

export function mercatorX(lon: number): number {
  return (lon + 180) / 360;
}

export function mercatorY(lat: number): number {
  const s = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
}

function lonOf(x: number): number {
  return x * 360 - 180;
}

function latOf(y: number): number {
  return (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
}

/** The grid level whose cells are about 64 px wide at `zoom`. */
export function levelForZoom(zoom: number): number {
  return Math.max(0, Math.min(FINE_LEVEL, Math.floor(zoom) + 3));
}

/**
 * Devices counted per fine grid cell and status bucket, kept up to date one device at a time: a status
 * change moves one count between two buckets of one cell, so 50,000 devices cost nothing per event.
 * Coarser levels are merged from the fine cells on demand, and only when something changed.
 */
export class ClusterGrid {
  readonly #cells = new Map<number, Cell>();
  version = 0;
  #memo: { level: number; version: number; clusters: Cluster[] } | null = null;

  static cellKey(lon: number, lat: number): number {
    const x = Math.min(SIDE - 1, Math.max(0, Math.floor(mercatorX(lon) * SIDE)));
    const y = Math.min(SIDE - 1, Math.max(0, Math.floor(mercatorY(lat) * SIDE)));
    return x * SIDE + y;
  }

  clear(): void {
    this.#cells.clear();
    this.version++;
  }

  add(lon: number, lat: number, bucket: number): void {
    const key = ClusterGrid.cellKey(lon, lat);
    let cell = this.#cells.get(key);
    if (!cell) {
      cell = { count: 0, sumX: 0, sumY: 0, mix: new Uint32Array(MIX_BUCKETS.length) };
      this.#cells.set(key, cell);
    }
    cell.count++;
    cell.sumX += mercatorX(lon);
    cell.sumY += mercatorY(lat);
    cell.mix[bucket]!++;
    this.version++;
  }

  remove(lon: number, lat: number, bucket: number): void {
    const key = ClusterGrid.cellKey(lon, lat);
    const cell = this.#cells.get(key);
    if (!cell || cell.mix[bucket]! === 0) return;
    cell.count--;
    cell.mix[bucket]!--;
    if (cell.count === 0) this.#cells.delete(key);
    else {
      cell.sumX -= mercatorX(lon);
      cell.sumY -= mercatorY(lat);
    }
    this.version++;
  }

  /** A device changed status in place. */
  move(lon: number, lat: number, from: number, to: number): void {
    if (from === to) return;
    const cell = this.#cells.get(ClusterGrid.cellKey(lon, lat));
    if (!cell || cell.mix[from]! === 0) return;
    cell.mix[from]!--;
    cell.mix[to]!++;
    this.version++;
  }

  /** Clusters for a map at `zoom`; the same array while nothing changed. */
  clustersAt(zoom: number): Cluster[] {
    const level = levelForZoom(zoom);
    if (this.#memo && this.#memo.level === level && this.#memo.version === this.version) return this.#memo.clusters;
    const shift = FINE_LEVEL - level;
    const merged = new Map<number, Cell>();
    for (const [key, cell] of this.#cells) {
      const x = Math.floor(key / SIDE) >> shift;
      const y = (key % SIDE) >> shift;
      const pk = x * SIDE + y;
      let m = merged.get(pk);
      if (!m) {
        m = { count: 0, sumX: 0, sumY: 0, mix: new Uint32Array(MIX_BUCKETS.length) };
        merged.set(pk, m);
      }
      m.count += cell.count;
      m.sumX += cell.sumX;
      m.sumY += cell.sumY;
      for (let b = 0; b < MIX_BUCKETS.length; b++) m.mix[b]! += cell.mix[b]!;
    }
    const clusters: Cluster[] = [];
    for (const [pk, m] of merged) {
      clusters.push({
        lon: lonOf(m.sumX / m.count),
        lat: latOf(m.sumY / m.count),
        count: m.count,
        mix: Array.from(m.mix),
        id: `${level}:${Math.floor(pk / SIDE)}:${pk % SIDE}`,
      });
    }
    this.#memo = { level, version: this.version, clusters };
    return clusters;
  }
}

/** Outer radius of a cluster in pixels: grows with the log of its size so one big city cell stays legible. */
export function clusterRadius(count: number): number {
  return Math.round(10 + 5 * Math.log10(Math.max(1, count)));
}

export interface Ring {
  radius: number;
  color: Rgba;
  bucket: number;
}

/**
 * A cluster as stacked discs, largest first: each status bucket holds an annulus whose area is its
 * share, most urgent innermost, and every present bucket at least `minBand` px wide — one alarm among
 * 2,000 healthy cameras must still show as a red core.
 */
export function clusterRings(mix: readonly number[], outer: number, minBand = 2): Ring[] {
  const total = mix.reduce((a, b) => a + b, 0);
  if (total === 0) return [];
  const present = MIX_BUCKETS.map((_, b) => b).filter((b) => mix[b]! > 0);
  const rings: Ring[] = [];
  let cum = 0;
  let prev = 0;
  for (const [i, b] of present.entries()) {
    cum += mix[b]!;
    const left = present.length - 1 - i;
    // Leave room for the bands still to come.
    const max = outer - left * minBand;
    const r = i === present.length - 1 ? outer : Math.min(max, Math.max(prev + minBand, outer * Math.sqrt(cum / total)));
    rings.push({ radius: r, color: statusColor(MIX_BUCKETS[b]!), bucket: b });
    prev = r;
  }
  return rings.reverse();
}
