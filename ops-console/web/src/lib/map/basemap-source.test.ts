import { describe, expect, it } from 'vitest';
import { buildTimeBasemap, loadBasemapConfig, parseBasemapConfig, resolveBasemap } from './basemap-source.ts';

const BASE = 'http://console.local/';

function fakeFetch(status: number, contentType: string, body: unknown): typeof fetch {
  return (async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': contentType } })) as typeof fetch;
}

describe('basemap source', () => {
  it('uses the bundled offline style when the deployment configures nothing', () => {
    const r = resolveBasemap(null, BASE);
    expect(r.kind).toBe('offline');
    expect(r.needsPmtiles).toBe(false);
    expect(JSON.stringify(r.style)).toContain('http://console.local/basemap/vietnam-provinces.geojson');
  });

  it('hands MapLibre a deployment style URL, resolved against the page', () => {
    const r = resolveBasemap({ styleUrl: 'tiles/style.json' }, BASE);
    expect(r).toEqual({ style: 'http://console.local/tiles/style.json', needsPmtiles: true, kind: 'style' });
  });

  it('draws a PMTiles archive with the dark style and keeps the provinces outline and place names on top', () => {
    const r = resolveBasemap({ pmtilesUrl: '/tiles/hanoi.pmtiles', attribution: '© OSM' }, BASE);
    expect(r.kind).toBe('pmtiles');
    const style = r.style as { glyphs?: string; sources: Record<string, { url?: string; attribution?: string }>; layers: { id: string }[] };
    expect(style.sources.tiles).toMatchObject({ url: 'pmtiles://http://console.local/tiles/hanoi.pmtiles', attribution: '© OSM' });
    expect(style.layers.slice(-4).map((l) => l.id)).toEqual(['provinces-line', 'hanoi-outline', 'city-labels', 'landmark-labels']);
    expect(style.glyphs).toBe('http://console.local/basemap/fonts/{fontstack}/{range}.pbf');
    const raster = resolveBasemap({ pmtilesUrl: 'x.pmtiles', pmtilesType: 'raster' }, BASE).style as { layers: { type: string }[] };
    expect(raster.layers.map((l) => l.type)).toContain('raster');
  });

  it('validates a config file into a value or a list of errors', () => {
    expect(parseBasemapConfig({ styleUrl: ' https://tiles.example/style.json ' })).toEqual({ value: { styleUrl: 'https://tiles.example/style.json' } });
    expect(parseBasemapConfig({ styleUrl: 'a', pmtilesUrl: 'b' })).toEqual({ errors: ['give styleUrl or pmtilesUrl, not both'] });
    expect(parseBasemapConfig({ pmtilesUrl: 3, pmtilesType: 'hologram' })).toEqual({
      errors: ['pmtilesUrl must be a non-empty string', 'pmtilesType must be "vector" or "raster"'],
    });
    expect(parseBasemapConfig([])).toEqual({ errors: ['not a JSON object'] });
  });

  it('reads basemap/config.json, and treats the SPA fallback page as no file', async () => {
    expect(await loadBasemapConfig(fakeFetch(200, 'application/json', { pmtilesUrl: 'a.pmtiles' }), BASE, null)).toEqual({ pmtilesUrl: 'a.pmtiles' });
    expect(await loadBasemapConfig(fakeFetch(200, 'text/html', '<!doctype html>'), BASE, null)).toBeNull();
    expect(await loadBasemapConfig(fakeFetch(404, 'application/json', {}), BASE, { styleUrl: 'b' })).toEqual({ styleUrl: 'b' });
  });

  it('takes the build-time variables when set', () => {
    expect(buildTimeBasemap({})).toBeNull();
    expect(buildTimeBasemap({ VITE_CITYOPS_BASEMAP_PMTILES: '/t.pmtiles' })).toEqual({ pmtilesUrl: '/t.pmtiles' });
  });
});
