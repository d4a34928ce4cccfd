import { prng } from '../prng.ts';

/**
 * The benchmark fleet, shared by both pages: `n` points spread over urban Hà Nội (inside the
 * console's initial view, so both pages draw every point), and the update stream both receive.
 */
export const BENCH_CENTER: [number, number] = [105.8542, 21.0285];
/** The console's initial zoom (HANOI_ZOOM): single devices, no clusters. */
export const BENCH_ZOOM = 10.5;
/** Devices flip between these two: neither opens an incident, so no other layer joins in. */
export const BENCH_STATUSES = ['online', 'degraded'] as const;

/** `[lon0, lat0, lon1, lat1, …]`, denser towards the centre like a city's cameras. */
export function fleetPositions(n: number, seed = 4242): Float64Array {
  const rnd = prng(seed);
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    // Sum of two uniforms: a triangular spread, about ±0.24° lon, ±0.15° lat.
    out[i * 2] = BENCH_CENTER[0] + (rnd() + rnd() - 1) * 0.24;
    out[i * 2 + 1] = BENCH_CENTER[1] + (rnd() + rnd() - 1) * 0.15;
  }
  return out;
}

export function deviceId(i: number): string {
  return `BF-${String(i).padStart(6, '0')}`;
}
