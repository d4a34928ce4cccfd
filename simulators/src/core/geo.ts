/**
 * Small-distance geometry on an equirectangular projection: good to a few metres across one city,
 * which is all a simulated fleet needs.
 */
export interface Point {
  lat: number;
  lon: number;
}

const KM_PER_DEG_LAT = 110.57;

function kmPerDegLon(lat: number): number {
  return 111.32 * Math.cos((lat * Math.PI) / 180);
}

export function distanceKm(a: Point, b: Point): number {
  const dy = (a.lat - b.lat) * KM_PER_DEG_LAT;
  const dx = (a.lon - b.lon) * kmPerDegLon((a.lat + b.lat) / 2);
  return Math.hypot(dx, dy);
}

/** The point `eastKm` east and `northKm` north of `from`. */
export function offsetKm(from: Point, eastKm: number, northKm: number): Point {
  return { lat: from.lat + northKm / KM_PER_DEG_LAT, lon: from.lon + eastKm / kmPerDegLon(from.lat) };
}

/** Shortest distance from `p` to the polyline through `line`. */
export function distanceToPolylineKm(p: Point, line: readonly Point[]): number {
  let best = Infinity;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1] as Point;
    const b = line[i] as Point;
    // Work in km around `a` so the projection of p onto segment ab is a plain dot product.
    const bx = (b.lon - a.lon) * kmPerDegLon(a.lat);
    const by = (b.lat - a.lat) * KM_PER_DEG_LAT;
    const px = (p.lon - a.lon) * kmPerDegLon(a.lat);
    const py = (p.lat - a.lat) * KM_PER_DEG_LAT;
    const len2 = bx * bx + by * by;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * bx + py * by) / len2));
    best = Math.min(best, Math.hypot(px - t * bx, py - t * by));
  }
  return best;
}

/** Point at fraction `t` (0…1) along the straight line from a to b. */
export function lerpPoint(a: Point, b: Point, t: number): Point {
  return { lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t };
}

/** Round to 5 decimals (about 1 m), so generated files and payloads stay short. */
export function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}
