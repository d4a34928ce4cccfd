import type { Point } from '../core/geo.ts';

/** Verified: Hanoi's centre (domain.md). */
export const HANOI_CENTRE: Point = { lat: 21.0285, lon: 105.8542 };

/** Hanoi has had 126 commune-level units since 1 July 2025 (domain.md). */
export const HANOI_COMMUNE_COUNT = 126;

/** The box the sample areas are spread over (the real city reaches further west and north). */
export const SAMPLE_BOUNDS = { minLat: 20.75, maxLat: 21.25, minLon: 105.55, maxLon: 106.0 } as const;

/**
 * The Red River, NOT surveyed: a rough north-west → south-east polyline passing just east of the
 * centre, close enough to keep sample area centroids off the water.
 */
export const RED_RIVER_ROUGH: readonly Point[] = [
  { lat: 21.16, lon: 105.55 },
  { lat: 21.12, lon: 105.67 },
  { lat: 21.1, lon: 105.74 },
  { lat: 21.085, lon: 105.815 },
  { lat: 21.043, lon: 105.862 },
  { lat: 21.005, lon: 105.882 },
  { lat: 20.985, lon: 105.905 },
  { lat: 20.92, lon: 105.925 },
  { lat: 20.85, lon: 105.955 },
  { lat: 20.75, lon: 106.0 },
];

/** Centroids closer than this to the river line are treated as "in the river". */
export const RIVER_CLEARANCE_KM = 0.8;
