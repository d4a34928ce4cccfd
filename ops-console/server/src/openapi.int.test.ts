import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { API_REFERENCE_PATH, OPENAPI_JSON_PATH } from './openapi/openapi-plugin.ts';
import { openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

/**
 * /api/openapi.json describes the API the server really has: every route of its route table is an
 * operation (so a route added without a description fails here), each says what it answers, and
 * every example in it is valid against the schema beside it.
 */
let h: ConsoleHarness;
interface Operation {
  summary?: string;
  tags?: string[];
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  'x-cityops-role'?: string;
  security?: unknown[];
}
type Spec = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas?: Record<string, unknown> } };

/** A schema of the description with the shared definitions it points at (recursive ones are hoisted there). */
function standalone(schema: unknown): unknown {
  const text = JSON.stringify({ ...(schema as object), $defs: spec.components.schemas ?? {} });
  return JSON.parse(text.replaceAll('"#/components/schemas/', '"#/$defs/'));
}
let spec: Spec;

/** The reference page's own routes and the description itself: not operations of the API. */
const NOT_OPERATIONS = (url: string) => url === OPENAPI_JSON_PATH || url === API_REFERENCE_PATH || url.startsWith(`${API_REFERENCE_PATH}/`);
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

beforeAll(async () => {
  h = await openConsoleHarness();
  const res = await h.api('viewer', 'GET', OPENAPI_JSON_PATH);
  expect(res.status).toBe(200);
  spec = res.body as Spec;
});
afterAll(async () => {
  await h.close();
});

describe('OpenAPI description', () => {
  it('is OpenAPI 3.1 and needs a session like every other route', async () => {
    expect(spec.openapi).toBe('3.1.0');
    const anonymous = await h.app.inject({ url: OPENAPI_JSON_PATH });
    expect(anonymous.statusCode).toBe(401);
    expect((await h.app.inject({ url: `${API_REFERENCE_PATH}/` })).statusCode).toBe(401);
  });

  it('lists every route with a summary, a tag and what it answers', () => {
    const missing: string[] = [];
    const undocumented: string[] = [];
    for (const route of h.app.routeTable) {
      if (route.method === 'HEAD' || NOT_OPERATIONS(route.url) || route.schema?.hide) continue;
      const op = spec.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      const where = `${route.method} ${route.url}`;
      if (!op) {
        missing.push(where);
        continue;
      }
      const answers = Object.keys(op.responses ?? {}).filter((code) => /^[23]/.test(code));
      if (!op.summary || !op.tags?.length || answers.length === 0) undocumented.push(where);
      expect(op['x-cityops-role'], where).toBe(route.access);
    }
    expect(missing).toEqual([]);
    expect(undocumented).toEqual([]);
  });

  it('hides only the web UI, the reference page and the Open311 not-found answer', () => {
    const hidden = h.app.routeTable.filter((r) => r.schema?.hide && !NOT_OPERATIONS(r.url)).map((r) => r.url);
    expect([...new Set(hidden)]).toEqual(['/open311/v2/*']);
  });

  it('names how each operation is authorised: a session, an API key where one is taken, or nothing', () => {
    const op = (method: string, path: string) => spec.paths[path]![method]!;
    expect(op('get', '/api/incidents').security).toEqual([{ session: [] }]);
    expect(op('post', '/api/tickets').security).toEqual(expect.arrayContaining([{ apiKey: [] }]));
    expect(op('post', '/api/auth/login').security).toEqual([]);
    expect(op('post', '/api/incidents/{id}/ack')['x-cityops-role']).toBe('dispatcher');
  });

  it('describes what the list routes really answer: each reply validates against its documented schema', async () => {
    await h.api('dispatcher', 'POST', '/api/incidents', { kind: 'other', severity: 'minor', title: 'OpenAPI check', area: 'A001' });
    const admin = await h.cookie('admin');
    let checked = 0;
    for (const route of h.app.routeTable) {
      if (route.method !== 'GET' || route.url.includes(':') || route.url.includes('*') || NOT_OPERATIONS(route.url) || route.schema?.hide) continue;
      const res = await h.app.inject({ url: route.url, headers: { cookie: admin } });
      if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('application/json')) continue;
      const media = spec.paths[route.url]?.get?.responses?.['200']?.content?.['application/json'];
      expect(media?.schema, `GET ${route.url} documents its JSON answer`).toBeDefined();
      expect(Compile(standalone(media!.schema) as never).Errors(res.json()), `GET ${route.url}`).toEqual([]);
      checked += 1;
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('serves the reference page to a signed-in user, loading nothing from another site', async () => {
    const cookie = await h.cookie('viewer');
    const page = await h.app.inject({ url: `${API_REFERENCE_PATH}/`, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const html = page.body;
    expect(html).toContain('swagger-ui-bundle.js');
    expect(html).not.toMatch(/(src|href)="https?:/);
    const init = await h.app.inject({ url: `${API_REFERENCE_PATH}/static/swagger-initializer.js`, headers: { cookie } });
    expect(init.statusCode).toBe(200);
    // It reads the description from this server, and asks no outside validator about it.
    expect(init.body).toContain('"validatorUrl":null');
  });
});
