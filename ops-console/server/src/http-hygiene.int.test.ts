import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INJECT_ORIGIN, openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';
import { rawRequest } from './testing/raw-http.ts';

/**
 * What every answer carries (security headers), and the status a bad request gets: 413 for a body
 * over the limit, 415 for a body that is not JSON, 400 with a code for numbers no row can have —
 * never a 500 from the database.
 */
let h: ConsoleHarness;
let webDist: string;
const FORTY_DIGITS = '1234567890123456789012345678901234567890';

beforeAll(async () => {
  webDist = mkdtempSync(join(tmpdir(), 'cityops-hygiene-'));
  writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>ui</title>');
  mkdirSync(join(webDist, 'basemap'));
  writeFileSync(join(webDist, 'basemap', 'config.json'), JSON.stringify({ pmtilesUrl: 'https://tiles.example.vn/hanoi.pmtiles' }));
  h = await openConsoleHarness({ webDist, env: { CITYOPS_MAP_ORIGINS: 'https://glyphs.example.vn' }, realtime: { pollMs: 50 } });
});
afterAll(async () => {
  await h?.close();
  rmSync(webDist, { recursive: true, force: true });
});

const withSession = async (user: string) => ({ cookie: await h.cookie(user), origin: INJECT_ORIGIN });

describe('security headers', () => {
  it('are on every answer: data, errors, 404s, the UI and its files', async () => {
    const viewer = await withSession('viewer');
    const answers = {
      data: await h.app.inject({ url: '/api/devices', headers: viewer }),
      refused: await h.app.inject({ url: '/api/devices' }),
      notFound: await h.app.inject({ url: '/api/nothing', headers: viewer }),
      tooLarge: await h.app.inject({ method: 'POST', url: '/api/devices', headers: await withSession('admin'), payload: { x: 'x'.repeat(300 * 1024) } }),
      page: await h.app.inject({ url: '/' }),
      clientRoute: await h.app.inject({ url: '/desk' }),
      file: await h.app.inject({ url: '/basemap/config.json' }),
      health: await h.app.inject({ url: '/api/health' }),
      open311: await h.app.inject({ url: '/open311/v2/services.json' }),
    };
    for (const [name, res] of Object.entries(answers)) {
      expect({ name, headers: res.headers }).toMatchObject({
        name,
        headers: {
          'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'referrer-policy': 'same-origin',
          'cross-origin-opener-policy': 'same-origin',
        },
      });
    }
  });

  it('let the map load the configured basemap origins and talk to this host over WebSocket', async () => {
    const csp = String((await rawRequest(h.baseUrl!, 'GET', '/')).headers['content-security-policy']);
    const host = new URL(h.baseUrl!).host;
    const connect = csp.split('; ').find((d) => d.startsWith('connect-src '));
    expect(connect).toBe(`connect-src 'self' ws://${host} wss://${host} https://glyphs.example.vn https://tiles.example.vn`);
    expect(csp).toContain("worker-src 'self' blob:");
    // Citizens' photos: any https origin by default.
    expect(csp).toContain("img-src 'self' data: blob: https://glyphs.example.vn https://tiles.example.vn https:;");
  });

  it("are on the Socket.IO engine's answers too", async () => {
    const res = await rawRequest(h.baseUrl!, 'GET', '/socket.io/?EIO=4&transport=polling', { origin: h.baseUrl! });
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
  });
});

describe('request ids', () => {
  it("every answer names its request, keeping a proxy's plain id and replacing anything else", async () => {
    const fresh = await h.app.inject({ url: '/api/health/live' });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const other = await h.app.inject({ url: '/api/health/live' });
    expect(other.headers['x-request-id']).not.toBe(fresh.headers['x-request-id']);
    expect((await h.app.inject({ url: '/api/incidents', headers: { 'x-request-id': 'lb-7f3a.42' } })).headers['x-request-id']).toBe('lb-7f3a.42');
    const forged = await h.app.inject({ url: '/api/health/live', headers: { 'x-request-id': 'x\n{"level":60}' } });
    expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('statuses of bad requests', () => {
  it('a body over the limit is 413 with a code', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/devices',
      headers: await withSession('admin'),
      payload: { id: 'FA-BIG', kind: 'fire', lat: 21, lon: 105, address: 'x'.repeat(300 * 1024) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ status: 413, code: 'CITYOPS_BODY_TOO_LARGE' });
  });

  it('a body that is not JSON is 415 with a code, whatever the type or its absence', async () => {
    const admin = await withSession('admin');
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=b', undefined]) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/devices',
        headers: type ? { ...admin, 'content-type': type } : admin,
        payload: 'id=FA-X&kind=fire',
      });
      expect({ type, status: res.statusCode, code: res.json().code }).toEqual({ type, status: 415, code: 'CITYOPS_UNSUPPORTED_MEDIA_TYPE' });
    }
  });

  it('an id or offset no row can have is 400 with a code, not a database error', async () => {
    const admin = await withSession('admin');
    const requests: [method: 'GET' | 'POST' | 'DELETE', url: string][] = [
      ['GET', `/api/incidents/${FORTY_DIGITS}`],
      ['GET', `/api/incidents/${FORTY_DIGITS}/context`],
      ['POST', `/api/incidents/${FORTY_DIGITS}/ack`],
      ['GET', `/api/tickets/${FORTY_DIGITS}`],
      ['GET', '/api/tickets/9007199254740993'],
      ['DELETE', `/api/silences/${FORTY_DIGITS}`],
      ['DELETE', `/api/maintenance-windows/${FORTY_DIGITS}`],
      ['DELETE', `/api/api-keys/${FORTY_DIGITS}`],
      ['GET', '/api/buildings?offset=1e309'],
      ['GET', '/api/buildings?offset=1e20'],
      ['GET', `/api/replay/events?from=${new Date(Date.now() - 60_000).toISOString()}&to=${new Date().toISOString()}&after=1e309`],
    ];
    for (const [method, url] of requests) {
      const res = await h.app.inject({ method, url, headers: admin });
      expect({ url, status: res.statusCode, code: res.json().code }).toEqual({ url, status: 400, code: 'CITYOPS_REQUEST_INVALID' });
    }
    // The same ids in range still reach the route (and find nothing).
    expect((await h.app.inject({ url: '/api/incidents/9007199254740991', headers: admin })).json()).toMatchObject({ status: 404 });
    expect((await h.app.inject({ url: '/api/buildings?offset=9007199254740991', headers: admin })).json()).toMatchObject({ items: [] });
  });

  it('every number a route takes in its path, query or body is bounded', () => {
    const unbounded: string[] = [];
    const walk = (schema: unknown, where: string): void => {
      if (!schema || typeof schema !== 'object') return;
      const s = schema as Record<string, unknown>;
      if ((s.type === 'integer' || s.type === 'number') && !Number.isFinite(s.maximum) && !Number.isFinite(s.exclusiveMaximum)) unbounded.push(where);
      for (const [k, v] of Object.entries((s.properties ?? {}) as object)) walk(v, `${where}.${k}`);
      for (const key of ['items', 'additionalProperties']) walk(s[key], `${where}.${key}`);
      for (const key of ['anyOf', 'oneOf', 'allOf']) ((s[key] ?? []) as unknown[]).forEach((v, i) => walk(v, `${where}.${key}[${i}]`));
    };
    for (const route of h.app.routeTable) {
      for (const part of ['params', 'querystring', 'body'] as const)
        walk((route.schema as Record<string, unknown> | undefined)?.[part], `${route.method} ${route.url} ${part}`);
    }
    expect(unbounded).toEqual([]);
  });
});
