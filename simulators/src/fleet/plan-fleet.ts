import type { DeviceKind } from '@cityops/contracts';
import { DEVICE_ID_PATTERN } from '@cityops/contracts';
import type { Area } from '../areas/area.ts';
import type { DeviceSpec, FleetCounts } from './device-spec.ts';
import type { Rng } from '../core/rng.ts';
import { createRng, hash32, intBetween, shuffled } from '../core/rng.ts';
import { offsetKm, round5 } from '../core/geo.ts';
import { apportion, interleave } from './apportion.ts';
import { planTransitReaders } from './transit-routes.ts';

export interface PlanFleetOptions {
  areas: readonly Area[];
  counts: FleetCounts;
  seed: number;
}

/** A uniform point in the area's disc (sqrt keeps the density even, not bunched at the centre). */
function pointIn(area: Area, rng: Rng, shrink = 0.9): { lat: number; lon: number } {
  const r = area.radiusKm * shrink * Math.sqrt(rng.next());
  const t = 2 * Math.PI * rng.next();
  const p = offsetKm(area, r * Math.cos(t), r * Math.sin(t));
  return { lat: round5(p.lat), lon: round5(p.lon) };
}

function planCameras(areas: readonly Area[], total: number, rng: Rng): DeviceSpec[] {
  const perArea = apportion(
    total,
    areas.map((a) => a.weight),
  );
  return areas.flatMap((area, i) =>
    Array.from({ length: perArea[i] as number }, (_, k): DeviceSpec => {
      const num = String(k + 1).padStart(4, '0');
      return {
        id: `CAM-${area.id}-${num}`,
        kind: 'camera',
        ...pointIn(area, rng),
        area: area.id,
        name: `Camera ANTT ${num} - ${area.name}`,
        address: `Nút giao mẫu ${intBetween(rng, 1, 60)}, ${area.name} (dữ liệu mẫu)`,
      };
    }),
  );
}

/** Fire panels belong to buildings (domain.md): each gets a distinct sample address in its area. */
function planFirePanels(areas: readonly Area[], total: number, rng: Rng): DeviceSpec[] {
  const perArea = apportion(
    total,
    areas.map((a) => a.weight),
  );
  return areas.flatMap((area, i) => {
    const used = new Set<string>();
    return Array.from({ length: perArea[i] as number }, (_, k): DeviceSpec => {
      let house = 0;
      let lane = 0;
      do {
        house = intBetween(rng, 1, 199);
        lane = intBetween(rng, 1, 60);
      } while (used.has(`${house}/${lane}`));
      used.add(`${house}/${lane}`);
      return {
        id: `FA-${area.id}-${String(k + 1).padStart(4, '0')}`,
        kind: 'fire',
        ...pointIn(area, rng),
        area: area.id,
        name: `Tủ trung tâm báo cháy - nhà mẫu số ${house}`,
        address: `Số ${house}, Ngõ mẫu ${lane}, ${area.name} (dữ liệu mẫu)`,
      };
    });
  });
}

/** Exactly one one-stop-shop office per area; bigger areas staff more counters. */
function planQueueKiosks(areas: readonly Area[], total: number, rng: Rng): DeviceSpec[] {
  return areas.slice(0, total).map((area) => ({
    id: `MC-${area.id}`,
    kind: 'queue',
    ...pointIn(area, rng, 0.3),
    area: area.id,
    name: `Bộ phận một cửa - ${area.name}`,
    address: `Trụ sở mẫu, ${area.name} (dữ liệu mẫu)`,
    counters: Math.max(3, Math.min(9, Math.round(3 + area.weight * 3))),
  }));
}

function checkCounts(counts: FleetCounts, areas: readonly Area[]): void {
  for (const [kind, n] of Object.entries(counts)) {
    if (!Number.isInteger(n) || (n as number) < 0) throw new RangeError(`counts.${kind} must be a non-negative integer, got ${String(n)}`);
  }
  if ((counts.queue ?? 0) > areas.length) {
    throw new RangeError(`counts.queue is ${counts.queue} but there are only ${areas.length} areas (one office per area)`);
  }
  if (areas.length === 0) throw new RangeError('areas must not be empty');
}

/**
 * Pure and deterministic: the same areas, counts and seed give the same fleet. Each kind draws from
 * its own stream so changing one count leaves the other kinds where they were.
 */
export function planFleet({ areas, counts, seed }: PlanFleetOptions): DeviceSpec[] {
  checkCounts(counts, areas);
  const rngFor = (kind: DeviceKind, use = 'place') => createRng(seed, hash32(`fleet:${kind}:${use}`));
  const byKind: DeviceSpec[][] = [
    shuffled(rngFor('camera', 'order'), planCameras(areas, counts.camera ?? 0, rngFor('camera'))),
    shuffled(rngFor('fire', 'order'), planFirePanels(areas, counts.fire ?? 0, rngFor('fire'))),
    shuffled(rngFor('transit', 'order'), planTransitReaders(areas, counts.transit ?? 0, rngFor('transit'))),
    shuffled(rngFor('queue', 'order'), planQueueKiosks(areas, counts.queue ?? 0, rngFor('queue'))),
  ];
  const fleet = interleave(byKind);
  const bad = fleet.find((d) => !DEVICE_ID_PATTERN.test(d.id));
  if (bad) throw new RangeError(`area id makes device id "${bad.id}" invalid; keep area ids short`);
  return fleet;
}
