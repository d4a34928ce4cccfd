import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { IncidentEvent, TicketEvent } from '@cityops/contracts';
import { openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

// Agencies read and report on what is theirs with an `agency` key; the desk sees each report at once.
let h: ConsoleHarness;
let socket: Socket | undefined;
const keys: Record<string, string> = {};
beforeAll(async () => {
  // The realtime reader at its default poll: what a console replica without in-process wake-ups does.
  h = await openConsoleHarness({ realtime: {} });
  const issue = async (name: string, body: object) => {
    const r = await h.api('admin', 'POST', '/api/api-keys', { name, ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    keys[name] = r.body.key;
  };
  await issue('pccc-114', { scopes: ['agency'], agencyLines: ['114'] });
  await issue('cong-an-113', { scopes: ['agency'], agencyLines: ['113'] });
  await issue('call-centre', { scopes: ['tickets'] });
});
afterAll(async () => {
  socket?.disconnect();
  await h?.close();
});

const asKey = async (key: string | undefined, method: 'GET' | 'POST', url: string, payload?: object) => {
  const res = await h.app.inject({ method, url, headers: key ? { authorization: `Bearer ${key}` } : {}, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json() };
};

describe('agency keys', () => {
  it('name their lines or areas, and only agency keys do', async () => {
    expect((await h.api('admin', 'POST', '/api/api-keys', { name: 'x', scopes: ['agency'] })).body.code).toBe('CITYOPS_REQUEST_INVALID');
    expect((await h.api('admin', 'POST', '/api/api-keys', { name: 'x', scopes: ['tickets'], agencyLines: ['114'] })).body.code).toBe('CITYOPS_REQUEST_INVALID');
    expect((await h.api('admin', 'POST', '/api/api-keys', { name: 'x', scopes: ['agency'], agencyLines: ['1022'] })).status).toBe(400);
    const listed = (await h.api('admin', 'GET', '/api/api-keys')).body.items;
    expect(listed.find((k: { name: string }) => k.name === 'pccc-114')).toMatchObject({ scopes: ['agency'], agencyLines: ['114'], agencyAreas: [] });
  });
});

describe('agency status', () => {
  it("114's status on a fire incident is on the desk within 1 s; 113's key can neither read nor update it", async () => {
    const fire = (await h.api('dispatcher', 'POST', '/api/incidents', { kind: 'fire_alarm', severity: 'critical', title: 'Khói tầng 5', area: 'hoan-kiem' }))
      .body;
    socket = connectSocket(`${h.baseUrl}/ops`, { transports: ['websocket'], extraHeaders: await h.socketHeaders('viewer'), reconnection: false });
    const updates: { at: number; e: IncidentEvent }[] = [];
    socket.on('incident:updated', (e) => updates.push({ at: Date.now(), e }));
    await new Promise((r) => socket!.once('replay:done', r));

    expect(await asKey(keys['pccc-114'], 'GET', `/api/agency/incidents/${fire.id}`)).toMatchObject({ status: 200, body: { id: fire.id, kind: 'fire_alarm' } });
    const sent = Date.now();
    const posted = await asKey(keys['pccc-114'], 'POST', `/api/incidents/${fire.id}/agency-status`, {
      status: 'en_route',
      unit: 'Đội CC&CNCH Hoàn Kiếm',
      eta: new Date(Date.now() + 420_000).toISOString(),
    });
    expect(posted.status).toBe(200);
    expect(posted.body.timeline.at(-1)).toMatchObject({
      type: 'agency_status',
      actor: 'api-key:pccc-114',
      data: { status: 'en_route', unit: 'Đội CC&CNCH Hoàn Kiếm' },
    });
    await expect.poll(() => updates.find((u) => u.e.incident.id === fire.id), { timeout: 1000, interval: 10 }).toBeDefined();
    expect(updates.find((u) => u.e.incident.id === fire.id)!.at - sent).toBeLessThan(1000);

    const refusedRead = await asKey(keys['cong-an-113'], 'GET', `/api/agency/incidents/${fire.id}`);
    expect(refusedRead).toMatchObject({ status: 403, body: { code: 'CITYOPS_API_KEY_FORBIDDEN' } });
    const refusedWrite = await asKey(keys['cong-an-113'], 'POST', `/api/incidents/${fire.id}/agency-status`, { status: 'on_scene' });
    expect(refusedWrite).toMatchObject({ status: 403, body: { code: 'CITYOPS_API_KEY_FORBIDDEN' } });
    expect(JSON.stringify(refusedRead.body)).not.toContain('Khói');
    // Nothing was written by the refused key.
    const timeline = (await h.api('viewer', 'GET', `/api/incidents/${fire.id}`)).body.timeline;
    expect(timeline.filter((e: { type: string }) => e.type === 'agency_status')).toHaveLength(1);
  });

  it("113's key reaches an incident dispatched to 113, and not 114's; keys without the scope and no key are refused", async () => {
    const fight = (await h.api('dispatcher', 'POST', '/api/incidents', { kind: 'manual', severity: 'major', title: 'Ẩu đả trước chợ', area: 'ba-dinh' })).body;
    expect((await asKey(keys['cong-an-113'], 'GET', `/api/agency/incidents/${fight.id}`)).status).toBe(403);
    expect((await h.api('dispatcher', 'POST', `/api/incidents/${fight.id}/dispatch`, { assignee: '113' })).status).toBe(200);
    expect(
      (await asKey(keys['cong-an-113'], 'POST', `/api/incidents/${fight.id}/agency-status`, { status: 'on_scene', note: 'Tổ tuần tra 141 đã có mặt' })).status,
    ).toBe(200);
    expect((await asKey(keys['pccc-114'], 'POST', `/api/incidents/${fight.id}/agency-status`, { status: 'on_scene' })).status).toBe(403);
    expect(await asKey(keys['call-centre'], 'GET', `/api/agency/incidents/${fight.id}`)).toMatchObject({
      status: 403,
      body: { code: 'CITYOPS_API_KEY_FORBIDDEN' },
    });
    expect(await asKey(undefined, 'GET', `/api/agency/incidents/${fight.id}`)).toMatchObject({ status: 401 });
    expect(await asKey(undefined, 'POST', `/api/incidents/${fight.id}/agency-status`, { status: 'on_scene' })).toMatchObject({ status: 401 });
    // A dispatcher relays a report taken by phone, under their own name.
    const relayed = await h.api('dispatcher', 'POST', `/api/incidents/${fight.id}/agency-status`, { status: 'completed', note: '113 báo qua điện thoại' });
    expect(relayed.body.timeline.at(-1)).toMatchObject({ type: 'agency_status', actor: 'dispatcher', data: { status: 'completed' } });
    expect((await h.api('viewer', 'POST', `/api/incidents/${fight.id}/agency-status`, { status: 'completed' })).status).toBe(403);
  });

  it("reports on a ticket of the key's line, into its history and to the desk", async () => {
    const ticket = (await h.api('dispatcher', 'POST', '/api/tickets', { line: '114', category: 'fire', description: 'Cháy bãi rác', lat: 21.03, lon: 105.85 }))
      .body;
    const other = (await h.api('dispatcher', 'POST', '/api/tickets', { line: '113', category: 'crime', description: 'Trộm xe', lat: 21.03, lon: 105.85 })).body;
    const streamed: TicketEvent[] = [];
    socket!.on('ticket:updated', (e) => streamed.push(e));
    const ok = await asKey(keys['pccc-114'], 'POST', `/api/tickets/${ticket.id}/agency-status`, { status: 'under_control', note: 'Đã khống chế' });
    expect(ok.status).toBe(200);
    expect(ok.body.history.at(-1)).toMatchObject({ type: 'agency_status', actor: 'api-key:pccc-114', note: 'Đã khống chế', data: { status: 'under_control' } });
    await expect.poll(() => streamed.some((e) => e.ticket.id === ticket.id), { timeout: 2000 }).toBe(true);
    expect((await asKey(keys['pccc-114'], 'POST', `/api/tickets/${other.id}/agency-status`, { status: 'on_scene' })).status).toBe(403);
    expect((await asKey(keys['pccc-114'], 'GET', `/api/agency/tickets/${other.id}`)).status).toBe(403);
    expect((await asKey(keys['pccc-114'], 'GET', `/api/agency/tickets/${ticket.id}`)).body).toMatchObject({ id: ticket.id, line: '114' });
    expect(JSON.stringify((await asKey(keys['pccc-114'], 'GET', `/api/agency/tickets/${ticket.id}`)).body)).not.toMatch(/callerPhone|callerEmail/);
  });
});
