import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { buildApp } from './app.ts';
import { readConsoleConfig } from './config.ts';
import { openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

// Hotline tickets over HTTP: call-centre intake with API keys, transfers, duplicate suggestions and the
// Open311 GeoReport v2 flow as a stock client calls it.
let h: ConsoleHarness;
const SHARED_KEY = 'shared-open311-key-for-tests';

/** As a signed-in user, or as a call-centre system with an API key in either header. */
async function api(as: string | { key: string; header?: 'bearer' | 'x-api-key' }, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
  if (typeof as === 'string') return h.api(as, method, url, payload);
  const headers: Record<string, string> = as.header === 'x-api-key' ? { 'x-api-key': as.key } : { authorization: `Bearer ${as.key}` };
  const res = await h.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.body ? res.json() : null };
}

const settle = () => h.settle();

const report = (over: object = {}) => ({
  line: '1022',
  category: 'environment',
  description: 'Rác thải ùn ứ',
  lat: 21.0301,
  lon: 105.8502,
  address: 'Ngõ mẫu 12',
  callerPhone: '0901 234 567',
  ...over,
});

beforeAll(async () => {
  // Deadlines are judged against the database's now(): alerting keeps the wall clock here.
  h = await openConsoleHarness({ env: { CITYOPS_OPEN311_KEY: SHARED_KEY }, realClock: true });
});
afterAll(async () => h?.close());

describe('API keys', () => {
  it('are issued, listed and revoked by admins only; the key is shown once and works only for its scope', async () => {
    expect((await api('dispatcher', 'POST', '/api/api-keys', { name: 'Tổng đài 1022', scopes: ['tickets'] })).status).toBe(403);
    expect((await api('admin', 'POST', '/api/api-keys', { name: 'x', scopes: ['everything'] })).body).toMatchObject({
      status: 400,
      code: 'CITYOPS_REQUEST_INVALID',
    });
    const created = await api('admin', 'POST', '/api/api-keys', { name: 'Tổng đài 1022', scopes: ['tickets'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Tổng đài 1022',
      scopes: ['tickets'],
      createdBy: 'admin',
      revokedAt: null,
      lastUsedAt: null,
      key: expect.stringMatching(/^cok_.{32}$/),
    });
    const key = created.body.key as string;

    const viaBearer = await api({ key }, 'POST', '/api/tickets', report());
    expect(viaBearer.status).toBe(201);
    expect(viaBearer.body).toMatchObject({ source: 'call-centre', state: 'received' });
    expect(viaBearer.body).not.toHaveProperty('callerPhone');
    expect((await api({ key, header: 'x-api-key' }, 'POST', '/api/tickets', report({ lat: 21.1 }))).status).toBe(201);
    // A tickets key reads nothing and files nothing on Open311.
    expect((await api({ key }, 'GET', '/api/tickets')).status).toBe(401);
    const open311 = await h.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: { api_key: key, service_code: '1022-traffic', lat: 21, long: 105.8 },
    });
    expect(open311.statusCode).toBe(403);

    const listed = (await api('admin', 'GET', '/api/api-keys')).body.items;
    expect(listed).toEqual([expect.objectContaining({ id: created.body.id, prefix: key.slice(0, 10), lastUsedAt: expect.any(String) })]);
    expect(JSON.stringify(listed)).not.toContain(key);
    const history = (await api('viewer', 'GET', `/api/tickets/${viaBearer.body.id}`)).body.history;
    expect(history[0]).toMatchObject({ type: 'received', actor: 'api-key:Tổng đài 1022' });

    expect((await api('dispatcher', 'DELETE', `/api/api-keys/${created.body.id}`)).status).toBe(403);
    expect((await api('admin', 'DELETE', `/api/api-keys/${created.body.id}`)).body).toMatchObject({ revokedAt: expect.any(String) });
    expect((await api({ key }, 'POST', '/api/tickets', report())).body).toMatchObject({ status: 401, code: 'CITYOPS_API_KEY_INVALID' });
    expect((await api('admin', 'DELETE', '/api/api-keys/999999')).body).toMatchObject({ status: 404, code: 'CITYOPS_API_KEY_NOT_FOUND' });
  });

  it('intake without a key or session is refused, and a viewer session is not enough', async () => {
    expect((await h.app.inject({ method: 'POST', url: '/api/tickets', payload: report() })).statusCode).toBe(401);
    expect((await api('viewer', 'POST', '/api/tickets', report())).status).toBe(403);
    expect((await api({ key: 'cok_not-a-key' }, 'POST', '/api/tickets', report())).status).toBe(401);
  });
});

describe('tickets: categories, duplicates, transfers', () => {
  it('refuses a category the line does not take, naming the ones it does', async () => {
    const res = await api('dispatcher', 'POST', '/api/tickets', report({ category: 'fire' }));
    expect(res.body).toMatchObject({ status: 400, code: 'CITYOPS_TICKET_CATEGORY_UNKNOWN', detail: expect.stringContaining('infrastructure, environment') });
  });

  it('suggests duplicates: same category within 50 m in the last 24 h, nearest first, on create and on GET', async () => {
    const first = (await api('dispatcher', 'POST', '/api/tickets', report({ category: 'traffic', lat: 21.05, lon: 105.8 }))).body;
    expect(first.duplicates).toEqual([]);
    // 0.0003° of latitude ≈ 33 m away; another category, and one 110 m away, are not duplicates.
    await api('dispatcher', 'POST', '/api/tickets', report({ category: 'infrastructure', lat: 21.05, lon: 105.8 }));
    await api('dispatcher', 'POST', '/api/tickets', report({ category: 'traffic', lat: 21.051, lon: 105.8 }));
    const second = (await api('dispatcher', 'POST', '/api/tickets', report({ category: 'traffic', lat: 21.0503, lon: 105.8 }))).body;
    expect(second.duplicates).toEqual([{ id: first.id, distanceM: expect.closeTo(33.4, 0), createdAt: first.createdAt, state: 'received' }]);
    const detail = (await api('viewer', 'GET', `/api/tickets/${first.id}`)).body;
    expect(detail.duplicates.map((d: { id: number }) => d.id)).toEqual([second.id]);
    const listed = (await api('viewer', 'GET', '/api/tickets?state=active&duplicates=true&line=1022')).body.items as {
      id: number;
      duplicates: { id: number }[];
    }[];
    expect(listed.find((t) => t.id === second.id)!.duplicates.map((d) => d.id)).toEqual([first.id]);
    // Older than 24 h is not "recent": move the first back a day and ask again.
    await h.db.pool.query(`UPDATE tickets SET created_at = created_at - interval '25 hours' WHERE id = $1`, [first.id]);
    expect((await api('viewer', 'GET', `/api/tickets/${second.id}`)).body.duplicates).toEqual([]);
  });

  it('transfers with a required reason kept on the history, restarts deadlines for the new line, and a transfer to 114 opens an incident', async () => {
    const ticket = (await api('dispatcher', 'POST', '/api/tickets', report({ category: 'other', description: 'Khói bốc ra từ nhà bên cạnh' }))).body;
    await api('dispatcher', 'POST', `/api/tickets/${ticket.id}/state`, { state: 'forwarded' });
    await settle();
    const hotlineBefore = (await api('viewer', 'GET', '/api/incidents?kind=hotline')).body.items.length;

    expect((await api('viewer', 'POST', `/api/tickets/${ticket.id}/transfer`, { line: '114', reason: 'Có cháy' })).status).toBe(403);
    expect((await api('dispatcher', 'POST', `/api/tickets/${ticket.id}/transfer`, { line: '114' })).status).toBe(400);
    expect((await api('dispatcher', 'POST', `/api/tickets/${ticket.id}/transfer`, { line: '114', reason: '   ' })).status).toBe(400);
    expect((await api('dispatcher', 'POST', `/api/tickets/${ticket.id}/transfer`, { line: '1022', reason: 'x' })).body).toMatchObject({
      status: 409,
      code: 'CITYOPS_TICKET_SAME_LINE',
    });
    // `other` exists on 114 too; `environment` would not: the category must be one the new line takes.
    const moved = await api('dispatcher', 'POST', `/api/tickets/${ticket.id}/transfer`, { line: '114', reason: 'Người gọi báo có cháy', category: 'fire' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ line: '114', category: 'fire', state: 'received', transferredFrom: '1022', forwardedAt: null, deadlines: [] });
    expect(Date.parse(moved.body.lineSince)).toBeGreaterThan(Date.parse(ticket.createdAt));

    const detail = (await api('viewer', 'GET', `/api/tickets/${ticket.id}`)).body;
    expect(detail.history.map((h: { type: string }) => h.type)).toEqual(['received', 'forwarded', 'transferred']);
    expect(detail.history[2]).toMatchObject({
      actor: 'dispatcher',
      note: 'Người gọi báo có cháy',
      data: { from: '1022', to: '114', previousState: 'forwarded', fromCategory: 'other', toCategory: 'fire' },
    });

    await settle();
    const hotline = (await api('viewer', 'GET', '/api/incidents?kind=hotline')).body.items as { id: number; openedAt: string }[];
    expect(hotline).toHaveLength(hotlineBefore + 1);
    const newest = hotline.reduce((a, b) => (a.id > b.id ? a : b));
    const incident = (await api('viewer', 'GET', `/api/incidents/${newest.id}`)).body;
    expect(incident).toMatchObject({ severity: 'critical', state: 'open', ruleId: 'hotline-emergency', title: expect.stringContaining('Đường dây 114') });
    expect(incident.timeline[0].data).toMatchObject({ ticketId: ticket.id, line: '114' });

    // Back to 1022: the 5-minute forward clock starts again from the transfer.
    const back = (
      await api('dispatcher', 'POST', `/api/tickets/${ticket.id}/transfer`, {
        line: '1022',
        reason: 'Đã dập, chỉ còn phản ánh môi trường',
        category: 'environment',
      })
    ).body;
    expect(Date.parse(back.deadlines[0].dueAt) - Date.parse(back.lineSince)).toBe(5 * 60_000);
    await api('dispatcher', 'POST', `/api/tickets/${ticket.id}/state`, { state: 'answered', note: 'Đã xử lý' });
    expect((await api('dispatcher', 'POST', `/api/tickets/${ticket.id}/transfer`, { line: '113', reason: 'x', category: 'other' })).body).toMatchObject({
      status: 409,
      code: 'CITYOPS_TICKET_INVALID_TRANSITION',
    });
  });
});

describe('the hotline desk: units, forwarding, notes, duplicate hints', () => {
  it('serves the units directory, labelled as the sample it is', async () => {
    const res = await api('viewer', 'GET', '/api/units');
    expect(res.status).toBe(200);
    expect(res.body.sample).toBe(true);
    expect(res.body.items).toEqual(expect.arrayContaining([{ id: 'P-HOAN-KIEM', name: 'UBND phường Hoàn Kiếm', kind: 'ward' }]));
    expect((await h.app.inject({ method: 'GET', url: '/api/units' })).statusCode).toBe(401);
  });

  it('forwards to a named unit (and again to another), notes progress, and Open311 shows both', async () => {
    const { body: filed } = await api('dispatcher', 'POST', '/api/tickets', report({ lat: 21.2, description: 'Cây đổ chắn ngõ' }));
    const forward = await api('dispatcher', 'POST', `/api/tickets/${filed.id}/state`, {
      state: 'forwarded',
      unit: 'P-HOAN-KIEM',
      note: 'Chuyển UBND phường xử lý',
    });
    expect(forward.status).toBe(200);
    expect(forward.body).toMatchObject({
      state: 'forwarded',
      assignedUnit: { id: 'P-HOAN-KIEM', name: 'UBND phường Hoàn Kiếm' },
      forwardedAt: expect.any(String),
    });
    const firstForward = forward.body.forwardedAt;

    // A wrong unit, or a unit without a forward, is refused and changes nothing.
    expect((await api('dispatcher', 'POST', `/api/tickets/${filed.id}/state`, { state: 'forwarded', unit: 'NO-SUCH' })).body).toMatchObject({
      status: 400,
      code: 'CITYOPS_UNIT_UNKNOWN',
    });
    expect((await api('dispatcher', 'POST', `/api/tickets/${filed.id}/state`, { state: 'in_progress', unit: 'P-BA-DINH' })).body.code).toBe(
      'CITYOPS_UNIT_UNKNOWN',
    );
    // The same unit again is not a new forward.
    expect((await api('dispatcher', 'POST', `/api/tickets/${filed.id}/state`, { state: 'forwarded', unit: 'P-HOAN-KIEM' })).status).toBe(409);

    const again = await api('dispatcher', 'POST', `/api/tickets/${filed.id}/state`, {
      state: 'forwarded',
      unit: 'CT-MOI-TRUONG',
      note: 'Phường đề nghị chuyển URENCO',
    });
    expect(again.body).toMatchObject({ assignedUnit: { id: 'CT-MOI-TRUONG' }, forwardedAt: firstForward });

    const note = await api('dispatcher', 'POST', `/api/tickets/${filed.id}/notes`, { note: 'URENCO đã cử xe, dự kiến 16h' });
    expect(note.status).toBe(200);
    expect((await api('dispatcher', 'POST', `/api/tickets/${filed.id}/notes`, { note: '   ' })).status).toBe(400);
    expect((await api('viewer', 'POST', `/api/tickets/${filed.id}/notes`, { note: 'x' })).status).toBe(403);

    const { body: detail } = await api('viewer', 'GET', `/api/tickets/${filed.id}`);
    expect(detail.history.map((e: { type: string; note: string | null }) => [e.type, e.note])).toEqual([
      ['received', null],
      ['forwarded', 'Chuyển UBND phường xử lý'],
      ['forwarded', 'Phường đề nghị chuyển URENCO'],
      ['note', 'URENCO đã cử xe, dự kiến 16h'],
    ]);
    expect(detail.history[2].data).toMatchObject({ unit: { id: 'CT-MOI-TRUONG' }, previousUnit: { id: 'P-HOAN-KIEM' } });

    const read = await h.app.inject({ method: 'GET', url: `/open311/v2/requests/${filed.id}.json?api_key=${SHARED_KEY}` });
    expect(read.json()[0]).toMatchObject({
      status_notes: 'URENCO đã cử xe, dự kiến 16h',
      agency_responsible: 'Công ty TNHH MTV Môi trường đô thị Hà Nội (URENCO)',
    });

    for (const state of ['answered', 'closed']) expect((await api('dispatcher', 'POST', `/api/tickets/${filed.id}/state`, { state })).status).toBe(200);
    expect((await api('dispatcher', 'POST', `/api/tickets/${filed.id}/notes`, { note: 'muộn' })).body.code).toBe('CITYOPS_TICKET_INVALID_TRANSITION');
  });

  it('hints duplicates of a report still being typed: same line and category within 50 m, nearest first', async () => {
    const near = { line: '1022', category: 'environment', lat: 21.3, lon: 105.9 };
    const { body: filed } = await api('dispatcher', 'POST', '/api/tickets', report(near));
    const q = (p: typeof near) => `/api/tickets/duplicates?line=${p.line}&category=${p.category}&lat=${p.lat}&lon=${p.lon}`;
    const hints = await api('viewer', 'GET', q({ ...near, lat: 21.3002 }));
    expect(hints.body.items).toEqual([expect.objectContaining({ id: filed.id, state: 'received' })]);
    expect(hints.body.items[0].distanceM).toBeGreaterThan(15);
    expect((await api('viewer', 'GET', q({ ...near, lat: 21.301 }))).body.items).toEqual([]);
    expect((await api('viewer', 'GET', q({ ...near, category: 'traffic' }))).body.items).toEqual([]);
    expect((await api('viewer', 'GET', '/api/tickets/duplicates?line=1022&category=x&lat=999&lon=0')).status).toBe(400);
  });
});

describe('Open311 GeoReport v2', () => {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  it('a stock client lists services, posts a form-encoded request and reads it back with its status; phone and e-mail never come back', async () => {
    const services = await h.app.inject({ method: 'GET', url: `/open311/v2/services.json?api_key=${SHARED_KEY}` });
    expect(services.statusCode).toBe(200);
    const list = services.json() as { service_code: string; service_name: string; metadata: boolean; type: string; group: string }[];
    expect(list.map((s) => s.service_code)).toEqual([
      '1022-infrastructure',
      '1022-environment',
      '1022-traffic',
      '1022-public_order',
      '1022-administrative',
      '1022-other',
    ]);
    expect(list[0]).toMatchObject({ service_name: 'Hạ tầng đô thị', metadata: false, type: 'realtime', group: 'Đường dây nóng 1022' });

    const posted = await h.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({
        api_key: SHARED_KEY,
        service_code: '1022-infrastructure',
        lat: '21.0285',
        long: '105.8542',
        address_string: 'Số 1 Phố mẫu',
        description: 'Ổ gà lớn giữa đường',
        email: 'citizen@example.vn',
        phone: '0912345678',
        first_name: 'An',
        media_url: 'https://example.vn/o-ga.jpg',
      }),
    });
    expect(posted.statusCode).toBe(201);
    const [created] = posted.json() as { service_request_id: string; service_notice: string; account_id: null }[];
    expect(created).toEqual({ service_request_id: expect.stringMatching(/^\d+$/), service_notice: expect.stringContaining('5 phút'), account_id: null });

    const read = await h.app.inject({ method: 'GET', url: `/open311/v2/requests/${created!.service_request_id}.json?api_key=${SHARED_KEY}` });
    expect(read.statusCode).toBe(200);
    const [request] = read.json();
    expect(request).toMatchObject({
      service_request_id: created!.service_request_id,
      status: 'open',
      service_code: '1022-infrastructure',
      service_name: 'Hạ tầng đô thị',
      description: 'Ổ gà lớn giữa đường',
      address: 'Số 1 Phố mẫu',
      lat: 21.0285,
      long: 105.8542,
      media_url: 'https://example.vn/o-ga.jpg',
      requested_datetime: expect.stringMatching(/\+07:00$/),
      expected_datetime: expect.stringMatching(/\+07:00$/),
      status_notes: null,
    });
    expect(read.body).not.toMatch(/citizen@example|0912345678|An\b/);
    // In the console it is a ticket like any other, from the open311 source.
    expect((await api('viewer', 'GET', `/api/tickets/${created!.service_request_id}`)).body).toMatchObject({
      source: 'open311',
      line: '1022',
      category: 'infrastructure',
    });

    await api('dispatcher', 'POST', `/api/tickets/${created!.service_request_id}/state`, { state: 'answered', note: 'Đã vá ổ gà' });
    const closed = await h.app.inject({ method: 'GET', url: `/open311/v2/requests.json?api_key=${SHARED_KEY}&status=closed&service_code=1022-infrastructure` });
    expect(closed.json()).toEqual([expect.objectContaining({ service_request_id: created!.service_request_id, status: 'closed', status_notes: 'Đã vá ổ gà' })]);
  });

  it('takes JSON too, with an admin-issued open311 key; answers XML when asked', async () => {
    const key = (await api('admin', 'POST', '/api/api-keys', { name: 'iHanoi', scopes: ['open311'] })).body.key as string;
    const posted = await h.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: { api_key: key, service_code: '1022-environment', lat: 21.01, long: 105.82, description: 'Ngập sau mưa <to>' },
    });
    expect(posted.statusCode).toBe(201);
    const id = posted.json()[0].service_request_id as string;
    const xml = await h.app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.xml`, headers: { 'x-api-key': key } });
    expect(xml.headers['content-type']).toMatch(/^text\/xml/);
    expect(xml.body).toContain(`<service_requests><request><service_request_id>${id}</service_request_id><status>open</status>`);
    expect(xml.body).toContain('<description>Ngập sau mưa &lt;to&gt;</description>');
    expect((await api('viewer', 'GET', `/api/tickets/${id}`)).body.history[0]).toMatchObject({ actor: 'open311:iHanoi' });
  });

  it('answers errors in the standard shape: missing or wrong key, bad fields all at once, unknown request', async () => {
    const noKey = await h.app.inject({ method: 'GET', url: '/open311/v2/services.json' });
    expect(noKey.statusCode).toBe(401);
    expect(noKey.json()).toEqual([{ code: 401, description: 'api_key is required' }]);
    expect((await h.app.inject({ method: 'GET', url: '/open311/v2/requests.json?api_key=wrong-key' })).statusCode).toBe(401);
    const bad = await h.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: { api_key: SHARED_KEY, service_code: '114-fire', lat: 'north', long: 105, phone: 'call me' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().map((e: { description: string }) => e.description)).toEqual([
      'service_code "114-fire" is not a service of services.json',
      'lat must be in [-90, 90] and long in [-180, 180]',
      'phone is not a phone number',
    ]);
    const missing = await h.app.inject({ method: 'GET', url: `/open311/v2/requests/999999.json?api_key=${SHARED_KEY}` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()[0]).toMatchObject({ code: 404 });
    const xmlError = await h.app.inject({ method: 'GET', url: '/open311/v2/services.xml' });
    expect(xmlError.body).toContain('<errors><error><code>401</code><description>api_key is required</description></error></errors>');
  });

  it('serves reads without a key only when the deployment opts in, and never files without one', async () => {
    // With a web UI to serve, as in production (its SPA fallback must not swallow Open311 paths).
    const webDist = mkdtempSync(join(tmpdir(), 'cityops-web-'));
    writeFileSync(join(webDist, 'index.html'), '<!doctype html>');
    const open = await buildApp({
      config: readConsoleConfig({ CITYOPS_OPEN311_PUBLIC_READ: '1' }, webDist),
      pool: h.db.pool,
      alerting: h.alerting,
      log: pino({ level: 'silent' }),
      metrics: async () => '',
      probes: { brokerUp: () => true, timescale: h.db.caps.timescale, version: 'test' },
    });
    try {
      expect((await open.inject({ method: 'GET', url: '/open311/v2/services.json' })).statusCode).toBe(200);
      expect((await open.inject({ method: 'GET', url: '/open311/v2/requests.json' })).statusCode).toBe(200);
      expect(
        (await open.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { service_code: '1022-traffic', lat: 21, long: 105.8 } })).statusCode,
      ).toBe(401);
      const unknown = await open.inject({ method: 'GET', url: '/open311/v2/discovery.json' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toEqual([{ code: 404, description: 'no such Open311 resource: GET /open311/v2/discovery.json' }]);
      expect((await open.inject({ method: 'GET', url: '/desk' })).body).toBe('<!doctype html>');
    } finally {
      await open.close();
      rmSync(webDist, { recursive: true, force: true });
    }
    expect(() => readConsoleConfig({ CITYOPS_OPEN311_KEY: 'short' })).toThrow(/^CITYOPS_OPEN311_KEY must be at least 16 characters/);
    expect(() => readConsoleConfig({ CITYOPS_OPEN311_PUBLIC_READ: 'yes please' })).toThrow(/CITYOPS_OPEN311_PUBLIC_READ/);
  });
});
