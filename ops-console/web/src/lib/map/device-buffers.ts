import { statusColor } from './status-color.ts';

/** Statuses that need eyes on them are drawn larger than the quiet majority. */
const EMPHASIS: Record<string, number> = { alarm: 2, tampered: 1.6, fault: 1.6, overloaded: 1.4, degraded: 1.2 };

export function deviceRadiusScale(status: string): number {
  return EMPHASIS[status] ?? 1;
}

/** deck.gl's binary data form: `data.attributes` keyed by accessor name (deck.gl "Binary data"). */
export interface BinaryAttribute {
  value: Float64Array | Float32Array | Uint8Array;
  size: number;
  normalized?: boolean;
}

export interface DeviceAttributes {
  length: number;
  attributes: { getPosition: BinaryAttribute; getFillColor: BinaryAttribute; getRadius: BinaryAttribute };
}

/** Zero devices, until the first snapshot. */
export function emptyDeviceAttributes(): DeviceAttributes {
  return {
    length: 0,
    attributes: {
      getPosition: { value: new Float64Array(0), size: 2 },
      getFillColor: { value: new Uint8Array(0), size: 4, normalized: true },
      getRadius: { value: new Float32Array(0), size: 1 },
    },
  };
}

/**
 * The device layer's GPU input as typed arrays, one slot per device, written in place by DeviceIndex.
 * deck.gl re-uploads an attribute only when it is handed a new descriptor object (it compares by
 * reference), so `attributes()` wraps the same arrays in fresh descriptors only for what changed since
 * the last frame: a status burst is one 200 kB colour upload, not 50,000 accessor calls.
 */
export class DeviceBuffers {
  length = 0;
  positions = new Float64Array(0);
  colors = new Uint8Array(0);
  /** Multiplier of the layer's radius; 0 hides a filtered-out device without changing the data. */
  radii = new Float32Array(0);
  #dirty = { position: true, color: true, radius: true };
  #data: DeviceAttributes | null = null;

  /** Drops everything; the next `resize` starts from slot 0. */
  reset(capacity: number): void {
    this.length = 0;
    this.#allocate(capacity);
  }

  /** Makes room for `n` slots, keeping what is there (amortised doubling). */
  resize(n: number): void {
    const capacity = this.positions.length / 2;
    if (n > capacity) this.#allocate(Math.max(n, 1024, capacity * 2));
    this.length = n;
  }

  setPosition(slot: number, lon: number, lat: number): void {
    this.positions[slot * 2] = lon;
    this.positions[slot * 2 + 1] = lat;
    this.#dirty.position = true;
  }

  setStatus(slot: number, status: string, shown: boolean): void {
    const [r, g, b, a] = statusColor(status);
    const o = slot * 4;
    this.colors[o] = r;
    this.colors[o + 1] = g;
    this.colors[o + 2] = b;
    this.colors[o + 3] = a;
    this.#dirty.color = true;
    this.setShown(slot, status, shown);
  }

  setShown(slot: number, status: string, shown: boolean): void {
    const r = shown ? deviceRadiusScale(status) : 0;
    if (this.radii[slot] !== r) {
      this.radii[slot] = r;
      this.#dirty.radius = true;
    }
  }

  /** The binary `data` for the layer; the same object until a slot changes. */
  attributes(): DeviceAttributes {
    const prev = this.#data;
    const d = this.#dirty;
    if (prev && prev.length === this.length && !d.position && !d.color && !d.radius) return prev;
    const a = prev?.attributes;
    this.#data = {
      length: this.length,
      attributes: {
        getPosition: d.position || !a ? { value: this.positions, size: 2 } : a.getPosition,
        getFillColor: d.color || !a ? { value: this.colors, size: 4, normalized: true } : a.getFillColor,
        getRadius: d.radius || !a ? { value: this.radii, size: 1 } : a.getRadius,
      },
    };
    this.#dirty = { position: false, color: false, radius: false };
    return this.#data;
  }

  #allocate(capacity: number): void {
    const grow = <T extends Float64Array | Float32Array | Uint8Array>(old: T, next: T): T => {
      next.set(old.subarray(0, Math.min(old.length, next.length)));
      return next;
    };
    this.positions = grow(this.positions, new Float64Array(capacity * 2));
    this.colors = grow(this.colors, new Uint8Array(capacity * 4));
    this.radii = grow(this.radii, new Float32Array(capacity));
    this.#markAll();
  }

  #markAll(): void {
    this.#dirty = { position: true, color: true, radius: true };
  }
}
