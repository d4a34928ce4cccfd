import type { GeoJSONSourceSpecification } from 'maplibre-gl';

/**
 * Place names the offline basemap labels, spelled with their diacritics. Kept to places whose names
 * and positions the 2025 reorganisation (two tiers, province → commune) did not change: the six
 * centrally-run cities, by their centres, and a few Hà Nội landmarks an operator steers by. Positions
 * are the places' centres to about 200 m: for orientation, not for addressing. Anything finer (streets,
 * wards) comes from a deployment's own style or PMTiles (ops-console/web/README.md, "Basemap").
 */
export interface BasemapPlace {
  name: string;
  lon: number;
  lat: number;
  /** `city`: labelled zoomed out (regional and national views); `landmark`: zoomed in on Hà Nội. */
  rank: 'city' | 'landmark';
}

export const BASEMAP_PLACES: readonly BasemapPlace[] = [
  { name: 'Hà Nội', lon: 105.8542, lat: 21.0285, rank: 'city' },
  { name: 'Hải Phòng', lon: 106.6881, lat: 20.8449, rank: 'city' },
  { name: 'Huế', lon: 107.5909, lat: 16.4637, rank: 'city' },
  { name: 'Đà Nẵng', lon: 108.2022, lat: 16.0544, rank: 'city' },
  { name: 'TP. Hồ Chí Minh', lon: 106.7009, lat: 10.7769, rank: 'city' },
  { name: 'Cần Thơ', lon: 105.7469, lat: 10.0452, rank: 'city' },
  { name: 'Hồ Hoàn Kiếm', lon: 105.8524, lat: 21.0288, rank: 'landmark' },
  { name: 'Hồ Tây', lon: 105.819, lat: 21.058, rank: 'landmark' },
  { name: 'Quảng trường Ba Đình', lon: 105.8349, lat: 21.0367, rank: 'landmark' },
  { name: 'Ga Hà Nội', lon: 105.8412, lat: 21.0246, rank: 'landmark' },
  { name: 'Cầu Long Biên', lon: 105.861, lat: 21.044, rank: 'landmark' },
  { name: 'Sân bay Nội Bài', lon: 105.8072, lat: 21.2212, rank: 'landmark' },
];

/** The places as inline GeoJSON for a MapLibre source: nothing to fetch. */
export function placesGeoJson(places: readonly BasemapPlace[] = BASEMAP_PLACES): GeoJSONSourceSpecification['data'] {
  return {
    type: 'FeatureCollection',
    features: places.map((p) => ({ type: 'Feature', properties: { name: p.name, rank: p.rank }, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } })),
  };
}
