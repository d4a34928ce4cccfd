import type { Area } from '../areas/area.ts';
import type { DeviceSpec } from './device-spec.ts';
import type { Rng } from '../core/rng.ts';
import { intBetween, pick } from '../core/rng.ts';
import type { Point } from '../core/geo.ts';
import { distanceKm, lerpPoint, offsetKm, round5 } from '../core/geo.ts';
import { apportion } from './apportion.ts';

/** Sample route ids and shapes: real-looking names, invented geometry. */
interface RouteSpec {
  routeId: string;
  mode: 'brt' | 'metro' | 'bus';
  /** Rough compass bearing from the centre (degrees); buses get random ends instead. */
  bearing?: number;
  weight: number;
}

export const SAMPLE_ROUTES: readonly RouteSpec[] = [
  { routeId: 'BRT01', mode: 'brt', bearing: 240, weight: 1.2 },
  { routeId: 'M2A', mode: 'metro', bearing: 220, weight: 1.2 },
  { routeId: 'M3', mode: 'metro', bearing: 275, weight: 1.2 },
  ...Array.from({ length: 30 }, (_, i): RouteSpec => ({ routeId: String(i + 1).padStart(2, '0'), mode: 'bus', weight: 1 })),
];

function bearingDeg(from: Point, to: Point): number {
  const north = to.lat - from.lat;
  const east = (to.lon - from.lon) * Math.cos((from.lat * Math.PI) / 180);
  return ((Math.atan2(east, north) * 180) / Math.PI + 360) % 360;
}

function angleGap(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

function nearestArea(p: Point, areas: readonly Area[]): Area {
  let best = areas[0] as Area;
  for (const a of areas) if (distanceKm(p, a) < distanceKm(p, best)) best = a;
  return best;
}

/** QR readers: gates at BRT/metro stations, validators on buses, spread along straight sample lines. */
export function planTransitReaders(areas: readonly Area[], total: number, rng: Rng): DeviceSpec[] {
  const totalWeight = areas.reduce((s, a) => s + a.weight, 0);
  const centre: Point = {
    lat: areas.reduce((s, a) => s + a.lat * a.weight, 0) / totalWeight,
    lon: areas.reduce((s, a) => s + a.lon * a.weight, 0) / totalWeight,
  };
  const byDistance = [...areas].sort((a, b) => distanceKm(a, centre) - distanceKm(b, centre));
  const inner = byDistance.slice(0, Math.max(1, Math.ceil(areas.length / 6)));
  const outer = byDistance.slice(Math.floor(areas.length / 2));
  const perRoute = apportion(
    total,
    SAMPLE_ROUTES.map((r) => r.weight),
  );
  const out: DeviceSpec[] = [];
  SAMPLE_ROUTES.forEach((route, r) => {
    const n = perRoute[r] as number;
    if (n === 0) return;
    const start = route.bearing === undefined ? pick(rng, inner) : (inner[0] as Area);
    const end =
      route.bearing === undefined
        ? pick(rng, outer)
        : outer.reduce((best, a) =>
            angleGap(bearingDeg(centre, a), route.bearing as number) < angleGap(bearingDeg(centre, best), route.bearing as number) ? a : best,
          );
    for (let k = 0; k < n; k++) {
      const num = String(k + 1).padStart(3, '0');
      const onLine = lerpPoint(start, end, (k + 0.5) / n);
      const p = offsetKm(onLine, (rng.next() - 0.5) * 0.2, (rng.next() - 0.5) * 0.2);
      const spec: DeviceSpec = {
        id: `QR-${route.routeId}-${num}`,
        kind: 'transit',
        lat: round5(p.lat),
        lon: round5(p.lon),
        area: nearestArea(p, areas).id,
        name: '',
        routeId: route.routeId,
      };
      if (route.mode === 'bus') {
        spec.vehicleId = `29B-${intBetween(rng, 100, 999)}.${intBetween(rng, 10, 99)}`;
        spec.name = `Đầu đọc QR xe buýt tuyến ${route.routeId} - xe ${spec.vehicleId} (mẫu)`;
      } else {
        spec.stopId = `${route.routeId}-S${String(k + 1).padStart(2, '0')}`;
        spec.name = `Cổng soát vé ${route.routeId} - ga mẫu ${spec.stopId}`;
      }
      out.push(spec);
    }
  });
  return out;
}
