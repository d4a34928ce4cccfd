import { ColumnLayer } from '@deck.gl/layers';
import { hexBin, type Hex } from './hex-bin.ts';
import type { RidershipStop } from './feeds.ts';
import type { Rgba } from './status-color.ts';

/** The deck.gl id of the ridership hexagons. */
export const RIDERSHIP_LAYER_ID = 'ridership';

/** Hexagon size: about a walking catchment of a stop. */
export const RIDERSHIP_HEX_M = 400;

/** Dark blue (few taps) to yellow (the busiest hexagon of the bucket). */
export function ridershipColor(value: number, max: number): Rgba {
  const t = max > 0 ? Math.min(1, Math.sqrt(value / max)) : 0;
  return [Math.round(40 + 215 * t), Math.round(90 + 150 * t), Math.round(200 - 160 * t), Math.round(90 + 110 * t)];
}

export function ridershipHexes(stops: Iterable<RidershipStop>, originLat: number): Hex[] {
  return hexBin(
    [...stops].map((s) => ({ lon: s.lon, lat: s.lat, weight: s.taps })),
    RIDERSHIP_HEX_M,
    originLat,
  );
}

/** Taps per hexagon from `transit:ridership`, flat (extruding would hide the devices under it). */
export function ridershipLayer(hexes: readonly Hex[], visible = true): ColumnLayer<Hex> {
  const max = hexes.reduce((m, h) => Math.max(m, h.value), 0);
  return new ColumnLayer<Hex>({
    id: RIDERSHIP_LAYER_ID,
    data: hexes,
    visible,
    pickable: true,
    diskResolution: 6,
    radius: RIDERSHIP_HEX_M,
    extruded: false,
    coverage: 0.95,
    getPosition: (h) => [h.lon, h.lat],
    getFillColor: (h) => ridershipColor(h.value, max),
    updateTriggers: { getFillColor: max },
  });
}
