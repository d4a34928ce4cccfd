import type { ScatterplotLayer } from '@deck.gl/layers';
import type { QueueLoad } from './feeds.ts';
import type { Rgba } from './status-color.ts';
import { outlinedDots } from './outlined-dots.ts';

/** The deck.gl id of the office discs. */
export const OFFICE_LAYER_ID = 'offices';

/** A one-stop-shop office with its latest load, placed where its queue machine is registered. */
export interface Office extends QueueLoad {
  lon: number;
  lat: number;
  area: string | null;
  name: string | null;
}

/** Radius in pixels by people waiting: area grows with the queue, capped so one crowd does not hide a district. */
export function officeRadius(waiting: number): number {
  return Math.min(36, 6 + 2.2 * Math.sqrt(Math.max(0, waiting)));
}

/** Colour by average wait: fine under 15 min, worrying under 45, red beyond. */
export function officeColor(avgWaitSec: number): Rgba {
  if (avgWaitSec < 15 * 60) return [46, 204, 113, 200];
  if (avgWaitSec < 45 * 60) return [241, 196, 15, 220];
  return [231, 76, 60, 230];
}

/** Joins loads with their devices' positions; offices whose machine is not (yet) known are left out. */
export function offices(
  loads: Iterable<QueueLoad>,
  lookup: (id: string) => { lon: number; lat: number; area: string | null; name: string | null } | undefined,
): Office[] {
  const out: Office[] = [];
  for (const l of loads) {
    const d = lookup(l.id);
    if (d) out.push({ ...l, lon: d.lon, lat: d.lat, area: d.area, name: d.name });
  }
  return out;
}

export function queueLayer(data: readonly Office[], visible = true): ScatterplotLayer<Office> {
  return outlinedDots<Office>({
    id: OFFICE_LAYER_ID,
    data,
    visible,
    getPosition: (o) => [o.lon, o.lat],
    getRadius: (o) => officeRadius(o.waiting),
    getFillColor: (o) => {
      const [r, g, b] = officeColor(o.avgWaitSec);
      return [r, g, b, 70];
    },
    getLineColor: (o) => officeColor(o.avgWaitSec),
    getLineWidth: 2,
  });
}
