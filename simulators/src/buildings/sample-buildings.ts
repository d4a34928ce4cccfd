import type { CreateBuildingRequest } from '@cityops/contracts';
import type { DeviceSpec } from '../fleet/device-spec.ts';
import { deviceRng, intBetween, pick } from '../core/rng.ts';

/** Seed salt of the sample buildings: separate from the fleet plan so adding buildings moved no device. */
const BUILDINGS_SEED = 20_251_114;

const USAGES = [
  { usage: 'residential', floors: [2, 6], perFloor: [4, 10] },
  { usage: 'apartment', floors: [9, 30], perFloor: [25, 60] },
  { usage: 'office', floors: [5, 25], perFloor: [20, 80] },
  { usage: 'commercial', floors: [2, 8], perFloor: [10, 60] },
  { usage: 'karaoke', floors: [3, 7], perFloor: [10, 40] },
  { usage: 'hotel', floors: [6, 20], perFloor: [15, 40] },
] as const;

/**
 * The building a simulated fire panel is installed in: invented but plausible (tube houses of a few
 * floors, apartment towers, karaoke bars — the buildings domain.md names), derived from the panel's id
 * so the demo's registry is the same on every machine. Stored with source `sample`.
 */
export function sampleBuildingFor(panel: DeviceSpec): CreateBuildingRequest {
  const rng = deviceRng(BUILDINGS_SEED, panel.id);
  const kind = pick(rng, USAGES);
  const floors = intBetween(rng, kind.floors[0], kind.floors[1]);
  return {
    id: `B-${panel.id}`,
    name: panel.name.replace(/^Tủ trung tâm báo cháy - /, ''),
    address: panel.address ?? `${panel.area} (dữ liệu mẫu)`,
    area: panel.area,
    lat: panel.lat,
    lon: panel.lon,
    floors,
    basementFloors: kind.usage === 'apartment' || kind.usage === 'office' ? intBetween(rng, 1, 3) : 0,
    occupants: floors * intBetween(rng, kind.perFloor[0], kind.perFloor[1]),
    usage: kind.usage,
    contactName: 'Ban quản lý tòa nhà (dữ liệu mẫu)',
    // 0900 000 xxx: an obviously invented number, never a resident's.
    contactPhone: `0900 000 ${String(intBetween(rng, 0, 999)).padStart(3, '0')}`,
  };
}
