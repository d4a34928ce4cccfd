import type { StyleSpecification } from 'maplibre-gl';
import { basemapStyle, offlineBasemapUrls, placeLabelLayers, type OfflineBasemapUrls } from './basemap-style.ts';

/**
 * Where a deployment points the wall at real map data. Read from `basemap/config.json` beside the
 * built UI (a deployment mounts or copies it into dist/ before the server starts), else from the
 * build-time `VITE_CITYOPS_BASEMAP_STYLE` / `VITE_CITYOPS_BASEMAP_PMTILES`; absent both, the bundled
 * offline provinces style.
 */
export interface BasemapConfig {
  /** A MapLibre style JSON URL (its sources may use `pmtiles://`). */
  styleUrl?: string;
  /** A PMTiles archive (served with HTTP Range support); drawn with our dark style. */
  pmtilesUrl?: string;
  /** `vector` (Protomaps basemap schema, default) or `raster`. */
  pmtilesType?: 'vector' | 'raster';
  /** Credit for the tiles, shown in the attribution control. */
  attribution?: string;
}

export const BASEMAP_CONFIG_PATH = 'basemap/config.json';

/** Validates a config file: a value, or the reasons it cannot be used (then the offline style is used). */
export function parseBasemapConfig(json: unknown): { value: BasemapConfig } | { errors: string[] } {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { errors: ['not a JSON object'] };
  const o = json as Record<string, unknown>;
  const errors: string[] = [];
  const value: BasemapConfig = {};
  for (const key of ['styleUrl', 'pmtilesUrl', 'attribution'] as const) {
    const v = o[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.trim() === '') errors.push(`${key} must be a non-empty string`);
    else value[key] = v.trim();
  }
  if (o.pmtilesType !== undefined) {
    if (o.pmtilesType === 'vector' || o.pmtilesType === 'raster') value.pmtilesType = o.pmtilesType;
    else errors.push('pmtilesType must be "vector" or "raster"');
  }
  if (value.styleUrl && value.pmtilesUrl) errors.push('give styleUrl or pmtilesUrl, not both');
  return errors.length ? { errors } : { value };
}

/** What the map hands MapLibre, and whether the pmtiles:// protocol must be registered first. */
export interface ResolvedBasemap {
  style: StyleSpecification | string;
  needsPmtiles: boolean;
  /** `offline`, `style` or `pmtiles`, for the attribution and for tests. */
  kind: 'offline' | 'style' | 'pmtiles';
}

/** Turns a config into a style; relative URLs resolve against the page (`baseUrl`). */
export function resolveBasemap(config: BasemapConfig | null, baseUrl: string): ResolvedBasemap {
  const offline = offlineBasemapUrls(baseUrl);
  if (config?.styleUrl) {
    const url = new URL(config.styleUrl, baseUrl).href;
    return { style: url, needsPmtiles: true, kind: 'style' };
  }
  if (config?.pmtilesUrl) {
    const url = new URL(config.pmtilesUrl, baseUrl).href;
    return { style: pmtilesStyle(url, offline, config.pmtilesType ?? 'vector', config.attribution), needsPmtiles: true, kind: 'pmtiles' };
  }
  return { style: basemapStyle(offline), needsPmtiles: false, kind: 'offline' };
}

/**
 * A dark style over a PMTiles archive (Protomaps basemap layers: earth, landuse, water, roads,
 * buildings), with the provinces outline and the bundled place names on top as in the offline style
 * (the archive's own water replaces Natural Earth's regional rivers).
 */
export function pmtilesStyle(archiveUrl: string, urls: OfflineBasemapUrls, type: 'vector' | 'raster', attribution?: string): StyleSpecification {
  const offline = basemapStyle(urls);
  const credit = attribution ?? '© OpenStreetMap contributors';
  const outline = [...offline.layers.filter((l) => l.id === 'provinces-line' || l.id === 'hanoi-outline'), ...placeLabelLayers()];
  if (type === 'raster') {
    return {
      ...offline,
      name: 'cityops-pmtiles-raster',
      sources: { ...offline.sources, tiles: { type: 'raster', url: `pmtiles://${archiveUrl}`, tileSize: 256, attribution: credit } },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#070b14' } },
        { id: 'tiles', type: 'raster', source: 'tiles', paint: { 'raster-brightness-max': 0.55, 'raster-saturation': -0.6 } },
        ...outline,
      ],
    };
  }
  const src = 'tiles';
  return {
    ...offline,
    name: 'cityops-pmtiles-dark',
    sources: { ...offline.sources, [src]: { type: 'vector', url: `pmtiles://${archiveUrl}`, attribution: credit } },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#070b14' } },
      { id: 'earth', type: 'fill', source: src, 'source-layer': 'earth', paint: { 'fill-color': '#101a2c' } },
      { id: 'landuse', type: 'fill', source: src, 'source-layer': 'landuse', paint: { 'fill-color': '#13233a', 'fill-opacity': 0.6 } },
      { id: 'water', type: 'fill', source: src, 'source-layer': 'water', paint: { 'fill-color': '#0a2540' } },
      { id: 'buildings', type: 'fill', source: src, 'source-layer': 'buildings', minzoom: 14, paint: { 'fill-color': '#1a2740', 'fill-opacity': 0.8 } },
      {
        id: 'roads',
        type: 'line',
        source: src,
        'source-layer': 'roads',
        paint: { 'line-color': '#2a3d5e', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.4, 16, 3] },
      },
      ...outline,
    ],
  };
}

/** Reads `basemap/config.json`; a missing or invalid file means the offline style (reported, not fatal). */
export async function loadBasemapConfig(fetchFn: typeof fetch, baseUrl: string, buildTime: BasemapConfig | null): Promise<BasemapConfig | null> {
  try {
    const res = await fetchFn(new URL(BASEMAP_CONFIG_PATH, baseUrl).href, { cache: 'no-cache' });
    // The server's SPA fallback answers a missing file with index.html.
    if (res.ok && (res.headers.get('content-type') ?? '').includes('json')) {
      const parsed = parseBasemapConfig(await res.json());
      if ('value' in parsed) return parsed.value;
      console.warn(`cityops: ${BASEMAP_CONFIG_PATH} ignored: ${parsed.errors.join('; ')}`);
    }
  } catch (err) {
    console.warn(`cityops: ${BASEMAP_CONFIG_PATH} unreadable, using the offline basemap`, err);
  }
  return buildTime;
}

/** The build-time choice (Vite `VITE_*` variables), if any. */
export function buildTimeBasemap(env: Record<string, string | undefined>): BasemapConfig | null {
  const parsed = parseBasemapConfig({ styleUrl: env.VITE_CITYOPS_BASEMAP_STYLE || undefined, pmtilesUrl: env.VITE_CITYOPS_BASEMAP_PMTILES || undefined });
  return 'value' in parsed && (parsed.value.styleUrl || parsed.value.pmtilesUrl) ? parsed.value : null;
}
