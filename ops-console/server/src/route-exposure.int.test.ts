import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { buildApp } from './app.ts';
import { readConsoleConfig } from './config.ts';
import { API_PREFIXES } from './security/api-path.ts';
import { HARNESS_PASSWORD, INJECT_ORIGIN, openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';
import { rawRequest, type RawResponse } from './testing/raw-http.ts';

/**
 * No route answers without a session however its path is spelled. The routes come from the server
 * itself (its route table), so a route added tomorrow is probed tomorrow; each is tried in the
 * spellings that reach it or its neighbours — percent-escapes, double escapes, other letter case,
 * dot segments, doubled and trailing slashes — over a real socket, without any session.
 */
let h: ConsoleHarness;
let webDist: string;
const INDEX_HTML = '<!doctype html><title>cityops (route exposure test)</title>';
const seeded = { device: 'FA-EXPO-1', building: 'B-EXPO-1', incident: 0, ticket: 0, silence: 0, window: 0, apiKey: 0 };

/** Routes that answer anyone by design (the rest of the public ones check an API key themselves). */
const OPEN_BY_DESIGN = [
  'GET /api/health',
  'HEAD /api/health',
  'GET /api/health/ready',
  'HEAD /api/health/ready',
  'GET /api/health/live',
  'HEAD /api/health/live',
  'GET /metrics',
  'HEAD /metrics',
  'POST /api/auth/login',
];
/** Public to the session check, guarded in the route: API keys (tickets, Open311, agencies). */
const KEY_GUARDED = [
  'POST /api/tickets',
  'POST /api/tickets/:id/state',
  'POST /api/tickets/:id/notes',
  'GET /api/agency/incidents/:id',
  'HEAD /api/agency/incidents/:id',
  'GET /api/agency/tickets/:id',
  'HEAD /api/agency/tickets/:id',
  'POST /api/incidents/:id/agency-status',
  'POST /api/tickets/:id/agency-status',
];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

const underApi = (url: string) => API_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`));

/** A concrete path for a route, with the seeded rows as its parameters so a leak would change them. */
function concrete(url: string): string {
  return url
    .replace(/^\/api\/incidents\/:id/, `/api/incidents/${seeded.incident}`)
    .replace(/^\/api\/tickets\/:id/, `/api/tickets/${seeded.ticket}`)
    .replace(/^\/api\/silences\/:id/, `/api/silences/${seeded.silence}`)
    .replace(/^\/api\/maintenance-windows\/:id/, `/api/maintenance-windows/${seeded.window}`)
    .replace(/^\/api\/api-keys\/:id/, `/api/api-keys/${seeded.apiKey}`)
    .replace(/^\/api\/devices\/:id/, `/api/devices/${seeded.device}`)
    .replace(/^\/api\/buildings\/:id/, `/api/buildings/${seeded.building}`)
    .replace(/^\/api\/rules\/:id/, '/api/rules/fire-alarm')
    .replace(/:stream/, 'cameras')
    .replace(/^\/open311\/v2\/requests\/:id/, `/open311/v2/requests/${seeded.ticket}`)
    .replace(/:format/, 'json')
    .replace(/\*$/, 'x')
    .replace(/:\w+/g, '1');
}

const hex = (c: string) => c.charCodeAt(0).toString(16).toUpperCase();

/** Ways to write a path that a router, a proxy or a prefix check may read differently. */
function spellings(path: string): string[] {
  const [, first = '', ...rest] = path.split('/');
  const tail = rest.length ? `/${rest.join('/')}` : '';
  const last = path.lastIndexOf('/');
  const spellings = [
    path,
    `/%${hex(first[0]!)}${first.slice(1)}${tail}`, // /%61pi/devices
    `/%${hex(first[0]!).toLowerCase()}${first.slice(1)}${tail}`,
    `/%25${hex(first[0]!)}${first.slice(1)}${tail}`, // double-encoded: /%2561pi/devices
    `${path.slice(0, last + 1)}%${hex(path[last + 1] ?? 'x')}${path.slice(last + 2)}`, // an escape in the last segment
    `/${first.toUpperCase()}${tail}`,
    `/${first[0]!.toUpperCase()}${first.slice(1)}${tail}`,
    `/x/..${path}`,
    `/.${path}`,
    `/x/%2e%2e${path}`,
    `/x/%2E%2E${path}`,
    `/${first}/./${rest.join('/')}`,
    `/${first}%2F${rest.join('/')}`,
    `/${first}%2f${rest.join('/')}`,
    `//${path.slice(1)}`,
    `${path}/`,
    `${path}//`,
  ];
  return [...new Set(spellings)];
}

type Verdict = 'refused' | 'not-found' | 'ui' | 'LEAK';

/** What an unauthenticated caller got: a refusal, a 404, the UI's page, or anything else (a leak). */
function verdict(method: string, path: string, res: RawResponse): Verdict {
  const type = String(res.headers['content-type'] ?? '');
  if (res.status === 200 && type.startsWith('text/html') && (method === 'HEAD' || res.body === INDEX_HTML)) return 'ui';
  if (res.status !== 401 && res.status !== 403 && res.status !== 404) return 'LEAK';
  if (method === 'HEAD') return res.status === 404 ? 'not-found' : 'refused';
  const body = JSON.parse(res.body) as { code?: string; status?: number } | { code: number; description: string }[];
  if (Array.isArray(body)) {
    // Open311's own shape: a missing or wrong key, or no such resource (never a service request).
    const ok = body.length === 1 && body[0]!.code === res.status && (res.status !== 404 || body[0]!.description.startsWith('no such Open311 resource'));
    return ok ? (res.status === 404 ? 'not-found' : 'refused') : 'LEAK';
  }
  if (res.status === 404) return body.code === 'CITYOPS_NOT_FOUND' ? 'not-found' : 'LEAK';
  return ['CITYOPS_AUTH_REQUIRED', 'CITYOPS_AUTH_FORBIDDEN', 'CITYOPS_API_KEY_INVALID'].includes(body.code ?? '') ? 'refused' : 'LEAK';
}

/** A digest of every table a route writes: any handler that ran without a session would change it. */
async function stateDigest(): Promise<Record<string, string>> {
  const tables = [
    'devices',
    'buildings',
    'incidents',
    'incident_events',
    'tickets',
    'ticket_events',
    'silences',
    'maintenance_windows',
    'api_keys',
    'sessions',
    'alert_rules',
    'event_log',
    'fire_handoffs',
    'users',
  ];
  const digest: Record<string, string> = {};
  for (const table of tables) {
    const { rows } = await h.db.pool.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS d FROM ${table} t`);
    digest[table] = `${rows[0].n}:${rows[0].d}`;
  }
  return digest;
}

beforeAll(async () => {
  webDist = mkdtempSync(join(tmpdir(), 'cityops-exposure-'));
  writeFileSync(join(webDist, 'index.html'), INDEX_HTML);
  h = await openConsoleHarness({ webDist, listen: true });
  // Rows for every kind of :id, so that a handler reached without a session would have something to change.
  expect((await h.api('admin', 'POST', '/api/devices', { id: seeded.device, kind: 'fire', lat: 21.03, lon: 105.85 })).status).toBe(201);
  expect(
    (
      await h.api('admin', 'POST', '/api/buildings', {
        id: seeded.building,
        houseId: '0101-0000-0001',
        name: 'Nhà thử',
        address: 'Số 1 Phố thử',
        area: 'A001',
        lat: 21.03,
        lon: 105.85,
        floors: 3,
        basementFloors: 0,
        occupants: 10,
        usage: 'apartment',
        contactName: 'Ban quản lý',
        contactPhone: '0900 000 000',
      })
    ).status,
  ).toBe(201);
  seeded.apiKey = (await h.api('admin', 'POST', '/api/api-keys', { name: 'exposure', scopes: ['tickets'] })).body.id;
  seeded.silence = (
    await h.api('supervisor', 'POST', '/api/silences', { matchers: { area: 'A009' }, endsAt: new Date(Date.now() + 3600_000).toISOString(), comment: 'thử' })
  ).body.id;
  seeded.window = (
    await h.api('supervisor', 'POST', '/api/maintenance-windows', {
      name: 'w',
      matchers: { area: 'A009' },
      schedule: { days: [7], start: '23:00', durationMin: 60 },
    })
  ).body.id;
  seeded.ticket = (await h.api('dispatcher', 'POST', '/api/tickets', { line: '114', category: 'fire', description: 'Khói', lat: 21.03, lon: 105.85 })).body.id;
  await h.settle();
  seeded.incident = (await h.api('viewer', 'GET', '/api/incidents?state=open')).body.items[0].id;
  for (const [k, v] of Object.entries(seeded)) expect(v, k).toBeTruthy();
});
afterAll(async () => {
  await h?.close();
  rmSync(webDist, { recursive: true, force: true });
});

describe('route access', () => {
  it('every route declares its access, and only the expected API routes are public', () => {
    const routes = h.app.routeTable;
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`)).toEqual([]);
    const publicApi = routes.filter((r) => r.access === 'public' && (underApi(r.url) || r.url === '/metrics') && !r.url.startsWith('/open311/'));
    expect(publicApi.map((r) => `${r.method} ${r.url}`).sort()).toEqual([...OPEN_BY_DESIGN, ...KEY_GUARDED].sort());
    // The web UI's files and fallback are public, and none of them is under an API prefix.
    expect(routes.filter((r) => r.access === 'public' && !underApi(r.url) && r.url !== '/metrics').map((r) => r.url)).toEqual(
      expect.arrayContaining(['/', '/index.html', '/*']),
    );
  });

  it('no route answers data without a session, however its path is spelled, and nothing changes', async () => {
    const before = await stateDigest();
    const probed = h.app.routeTable.filter(
      (r) => METHODS.has(r.method) && !OPEN_BY_DESIGN.includes(`${r.method} ${r.url}`) && (underApi(r.url) || r.access !== 'public'),
    );
    expect(probed.length).toBeGreaterThan(40);
    const leaks: string[] = [];
    const seen: Record<Verdict, number> = { refused: 0, 'not-found': 0, ui: 0, LEAK: 0 };
    for (const route of probed) {
      for (const path of spellings(concrete(route.url))) {
        // A JSON body where the route takes one: whatever reached a handler would be a valid call.
        const body = route.method === 'GET' || route.method === 'HEAD' || route.method === 'DELETE' ? undefined : '{}';
        const res = await rawRequest(h.baseUrl!, route.method, path, body ? { 'content-type': 'application/json' } : {}, body);
        const v = verdict(route.method, path, res);
        seen[v]++;
        if (v === 'LEAK') leaks.push(`${route.method} ${path} (route ${route.url}) → ${res.status} ${res.headers['content-type']} ${res.body.slice(0, 120)}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(seen.refused).toBeGreaterThan(probed.length); // most spellings reach the route and are refused there
    expect(await stateDigest()).toEqual(before);
  });

  it('the web UI never answers under an API prefix, however spelled; client routes still get index.html', async () => {
    for (const path of [
      '/API/devices',
      '/Api/devices',
      '/api/devices/',
      '/%2561pi/devices',
      '/x/../api/nothing',
      '/api%2Fdevices',
      '/api',
      '/open311/v2/x',
      '/OPEN311/v2/requests.json',
    ]) {
      const res = await rawRequest(h.baseUrl!, 'GET', path);
      // Refused at the route it reached, or a JSON 404: never the UI's page.
      expect({ path, status: res.status, type: res.headers['content-type'] }).toMatchObject({
        path,
        status: expect.toBeOneOf([401, 404]),
        type: expect.stringMatching(/json/),
      });
    }
    for (const path of ['/', '/desk', '/wall/map', '/apiary']) {
      const res = await rawRequest(h.baseUrl!, 'GET', path);
      expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 200, body: INDEX_HTML });
    }
  });

  it('a route that forgets to declare access is refused even to an admin, however spelled', async () => {
    const app = await buildApp({
      config: readConsoleConfig({}),
      pool: h.db.pool,
      alerting: h.alerting,
      log: pino({ level: 'silent' }),
      metrics: async () => '',
      probes: { brokerUp: () => true, timescale: h.db.caps.timescale, version: 'test' },
    });
    try {
      app.get('/api/forgotten', async () => ({ secret: 42 }));
      app.post('/api/forgotten', async () => ({ secret: 42 }));
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: HARNESS_PASSWORD } });
      const cookie = `cityops_session=${login.cookies.find((c) => c.name === 'cityops_session')!.value}`;
      for (const url of ['/api/forgotten', '/%61pi/forgotten']) {
        for (const method of ['GET', 'POST'] as const) {
          const res = await app.inject({ method, url, headers: { cookie, origin: INJECT_ORIGIN } });
          expect(res.statusCode).toBe(403);
          expect(res.json()).toMatchObject({ code: 'CITYOPS_AUTH_FORBIDDEN', detail: 'route declares no access rule' });
        }
      }
    } finally {
      await app.close();
    }
  });
});
