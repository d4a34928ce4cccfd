import { prng } from '../prng.ts';
/**
 * The synthetic city of the rollup bench: 2,000 devices over 100 areas and the rows they
 * would have stored over N days, at cadences chosen so 30 days load and refresh in a few minutes
 * here (the embedded database inserts about 20k rows/s). The rollups read by the history API are
 * nearly as dense at these cadences as at real ones (every area reports every 5 minutes). Stated in
 * the output beside the figures; deterministic (one seed), no I/O.
 */
export const CITY = {
  areas: 100,
  cameras: 1200,
  fire: 300,
  transit: 400,
  queue: 100,
} as const;

/** Cadences: honest about what is scaled down against the contract and the simulator. */
export const CADENCE = {
  /** Contract: a heartbeat at least every 30 s (240 in 2 h). Stored here: one status per camera per 2 h. */
  cameraEveryMin: 120,
  /** Fire panels: a supervision heartbeat every 2 h, and a trouble or alarm now and then. */
  fireEveryMin: 120,
  /** QR readers: taps per reader per day, rush hours 6–9 and 16–19 Hà Nội time (busy real readers see far more). */
  tapsPerReaderDay: 40,
  /** One-stop-shop kiosks: a report every 15 min from 07:00 to 17:00 Hà Nội time (the simulator: every 60 s). */
  queueEveryMin: 15,
} as const;

export const ROUTES = 33;
const STOPS_PER_ROUTE = 25;
const DAY = 86_400_000;
const VN = 7 * 3_600_000;

export const areaOf = (i: number): string => `A${String((i % CITY.areas) + 1).padStart(3, '0')}`;
const routeId = (r: number): string => (r === 0 ? 'BRT01' : r === 1 ? 'M2A' : r === 2 ? 'M3' : String(r - 2).padStart(2, '0'));

/** A stop's position: along a straight line from the centre, one line per route (sample geometry). */
function stopPosition(r: number, s: number): { lat: number; lon: number } {
  const angle = (r / ROUTES) * 2 * Math.PI;
  const d = 0.004 * (s + 1);
  return { lat: Math.round((21.0285 + d * Math.sin(angle)) * 1e5) / 1e5, lon: Math.round((105.8542 + d * Math.cos(angle)) * 1e5) / 1e5 };
}

const iso = (t: number): string => new Date(t).toISOString();

/** Columns of one table as arrays (one entry per row), with their Postgres array types. */
export interface TableColumns {
  table: string;
  columns: readonly (readonly [name: string, type: string])[];
  values: unknown[][];
}

const table = (name: string, columns: readonly (readonly [string, string])[]): TableColumns => ({ table: name, columns, values: columns.map(() => []) });
const push = (t: TableColumns, row: readonly unknown[]) => row.forEach((v, i) => t.values[i]!.push(v));

export const rowCount = (t: TableColumns): number => t.values[0]?.length ?? 0;

/** Rush-hour weights per Hà Nội hour for taps (normalised when drawing). */
const TAP_HOURS = [0, 0, 0, 0, 0, 2, 6, 10, 8, 5, 4, 4, 5, 4, 4, 5, 8, 10, 7, 4, 3, 2, 1, 0];
const TAP_TOTAL = TAP_HOURS.reduce((a, b) => a + b, 0);

function tapHour(u: number): number {
  let acc = 0;
  for (let h = 0; h < 24; h++) {
    acc += TAP_HOURS[h]! / TAP_TOTAL;
    if (u < acc) return h;
  }
  return 23;
}

/** Every row of one Hà Nội day starting at `dayStart` (epoch ms of local midnight); none at or after `until`. */
export function dayRows(dayStart: number, dayIndex: number, until: number): TableColumns[] {
  const rand = prng(0xc17 + dayIndex);
  const camera = table('camera_status', [
    ['ts', 'timestamptz'],
    ['device_id', 'text'],
    ['seq', 'int8'],
    ['area', 'text'],
    ['status', 'text'],
    ['fps', 'float4'],
    ['bitrate_kbps', 'float4'],
    ['recording', 'bool'],
    ['storage_free_pct', 'float4'],
  ]);
  const fire = table('fire_events', [
    ['ts', 'timestamptz'],
    ['device_id', 'text'],
    ['seq', 'int8'],
    ['area', 'text'],
    ['event', 'text'],
  ]);
  const transit = table('transit_taps', [
    ['ts', 'timestamptz'],
    ['device_id', 'text'],
    ['seq', 'int8'],
    ['area', 'text'],
    ['token', 'text'],
    ['result', 'text'],
    ['route_id', 'text'],
    ['stop_id', 'text'],
    ['fare_vnd', 'int4'],
    ['lat', 'float8'],
    ['lon', 'float8'],
  ]);
  const queue = table('queue_loads', [
    ['ts', 'timestamptz'],
    ['device_id', 'text'],
    ['seq', 'int8'],
    ['area', 'text'],
    ['waiting', 'int4'],
    ['serving', 'int4'],
    ['counters_open', 'int4'],
    ['avg_wait_sec', 'float4'],
    ['satisfaction_pct', 'float4'],
  ]);
  const seqBase = dayIndex * 100_000;
  for (let c = 0; c < CITY.cameras; c++) {
    const phase = Math.floor(rand() * CADENCE.cameraEveryMin * 60_000);
    for (let k = 0, t = dayStart + phase; t < dayStart + DAY && t < until; k++, t += CADENCE.cameraEveryMin * 60_000) {
      const u = rand();
      const status = u < 0.97 ? 'online' : u < 0.99 ? 'offline' : u < 0.998 ? 'degraded' : 'tampered';
      push(camera, [iso(t), `CAM-B${c}`, seqBase + k, areaOf(c), status, 25, 4096, true, 61.5]);
    }
  }
  for (let f = 0; f < CITY.fire; f++) {
    for (let k = 0, t = dayStart + f * 1000; t < dayStart + DAY && t < until; k++, t += CADENCE.fireEveryMin * 60_000) {
      const u = rand();
      push(fire, [iso(t), `FA-B${f}`, seqBase + k, areaOf(f), u < 0.001 ? 'alarm' : u < 0.005 ? 'fault' : 'heartbeat']);
    }
  }
  for (let r = 0; r < CITY.transit; r++) {
    const route = r % ROUTES;
    const gate = route < 3;
    const fixedStop = Math.floor(r / ROUTES) % STOPS_PER_ROUTE;
    for (let k = 0; k < CADENCE.tapsPerReaderDay; k++) {
      const t = dayStart + tapHour(rand()) * 3_600_000 + Math.floor(rand() * 3_600_000);
      const stop = gate ? fixedStop : Math.floor(rand() * STOPS_PER_ROUTE);
      const accepted = rand() > 0.03;
      if (t >= until) continue;
      const p = stopPosition(route, stop);
      push(transit, [
        iso(t),
        `QR-B${r}`,
        seqBase + k,
        areaOf(route * 3 + stop),
        `b${dayIndex}.${r}.${k}`,
        accepted ? 'accepted' : 'rejected',
        routeId(route),
        `${routeId(route)}-S${String(stop + 1).padStart(2, '0')}`,
        accepted ? 7000 : null,
        p.lat,
        p.lon,
      ]);
    }
  }
  for (let q = 0; q < CITY.queue; q++) {
    const counters = 3 + (q % 5);
    for (let k = 0, t = dayStart + 7 * 3_600_000; t < dayStart + 17 * 3_600_000 && t < until; k++, t += CADENCE.queueEveryMin * 60_000) {
      const hour = (t - dayStart) / 3_600_000;
      const load = Math.max(0, Math.round((10 + 25 * Math.sin(((hour - 7) / 10) * Math.PI)) * (0.6 + rand() * 0.8) * (1 + (q % 7) / 10)));
      const wait = Math.round(120 + load * 45 * (0.8 + rand() * 0.4));
      push(queue, [
        iso(t),
        `Q-B${q}`,
        seqBase + k,
        areaOf(q),
        load,
        Math.min(counters, load),
        counters,
        wait,
        rand() < 0.3 ? null : Math.round(70 + rand() * 30),
      ]);
    }
  }
  return [camera, fire, transit, queue];
}

/** Hà Nội midnight at or before `t`. */
export const vnDayStart = (t: number): number => Math.floor((t + VN) / DAY) * DAY - VN;
