import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The origins of a remote basemap a deployment configured in `basemap/config.json` beside the UI
 * (the web app reads `styleUrl` or `pmtilesUrl` from there), so the CSP lets the map load it
 * without anyone repeating the URL in CITYOPS_MAP_ORIGINS. A style's own sources (tiles, glyphs,
 * sprites on other hosts) are not followed: those origins go in CITYOPS_MAP_ORIGINS.
 */
export function basemapConfigOrigins(webDist: string | undefined): string[] {
  if (!webDist) return [];
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(join(webDist, 'basemap', 'config.json'), 'utf8'));
  } catch {
    return []; // absent or unreadable: the web app falls back to the offline basemap too
  }
  if (!config || typeof config !== 'object') return [];
  const origins = new Set<string>();
  for (const key of ['styleUrl', 'pmtilesUrl']) {
    const value = (config as Record<string, unknown>)[key];
    if (typeof value !== 'string') continue;
    try {
      const url = new URL(value.trim());
      if (url.protocol === 'http:' || url.protocol === 'https:') origins.add(url.origin);
    } catch {
      // a relative URL is served by the console itself: 'self' covers it
    }
  }
  return [...origins];
}
