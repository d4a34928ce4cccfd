import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { appendEvents, createUser, provisionDevice, type EventLogEntry } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startAlerting, type Alerting } from '@cityops/alerting';
import { buildApp } from './app.ts';
import { readConsoleConfig } from './config.ts';
import { INJECT_ORIGIN } from './testing/console-harness.ts';
import { startOpsRealtime, type OpsRealtime } from './realtime/ops-namespace.ts';

let db: TestDatabase;
let app: FastifyInstance;
let alerting: Alerting;
let realtime: OpsRealtime;
let baseUrl: string;
let brokerUp = true;
const PASSWORD = 'correct horse battery';
const sockets: Socket[] = [];

async function login(username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'cityops_session')!;
  expect(cookie.httpOnly).toBe(true);
  return `cityops_session=${cookie.value}`;
}

function socketFor(cookie: string | undefined, lastSseq?: number): Socket {
  const s = connectSocket(`${baseUrl}/ops`, {
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie, origin: baseUrl } : { origin: baseUrl },
    auth: lastSseq ? { lastSseq } : {},
    reconnection: false,
  });
  sockets.push(s);
  return s;
}

const fireEvent = (seq: number): EventLogEntry<'fire.event'> => ({
  topic: 'fire.event',
  payload: { deviceId: 'FA-0200', seq, at: new Date().toISOString(), area: 'A003', event: 'alarm' },
});

beforeAll(async () => {
  db = await openTestDatabase();
  for (const role of ['viewer', 'dispatcher', 'supervisor', 'admin'] as const) await createUser(db.pool, role, role, PASSWORD);
  await createUser(db.pool, 'dispatcher2', 'dispatcher', PASSWORD);
  await provisionDevice(db.pool, { id: 'FA-0200', kind: 'fire', lat: 21.01, lon: 105.83, area: 'A003', address: 'Số 9 Phố mẫu' });
  const log = pino({ level: 'silent' });
  alerting = startAlerting({ pool: db.pool, log, pollMs: 50 });
  app = await buildApp({
    config: readConsoleConfig({}),
    pool: db.pool,
    alerting,
    log,
    metrics: async () => 'cityops_up 1\n',
    probes: { brokerUp: () => brokerUp, timescale: db.caps.timescale, version: 'test' },
  });
  realtime = await startOpsRealtime({
    httpServer: app.server,
    pool: db.pool,
    log,
    pollMs: 50,
    kpiEveryMs: 100,
    kpi: async () => ({ devicesByStatus: { unknown: 1 }, openIncidents: 0, messagesPerSecond: 0 }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await realtime?.close();
  await app?.close();
  await alerting?.stop();
  await db?.close();
});

describe('HTTP API', () => {
  it('reports health, and 503 when the broker is down', async () => {
    expect((await app.inject('/api/health')).json()).toMatchObject({ status: 'ok', database: 'up', broker: 'up' });
    brokerUp = false;
    const down = await app.inject('/api/health');
    brokerUp = true;
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'degraded', broker: 'down' });
  });

  it('answers problem details with a code for bad sign-ins and missing sessions', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'nope' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ status: 401, code: 'CITYOPS_AUTH_INVALID_CREDENTIALS' });
    const anon = await app.inject('/api/devices');
    expect(anon.json()).toMatchObject({ status: 401, code: 'CITYOPS_AUTH_REQUIRED' });
    const invalid = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin' } });
    expect(invalid.json()).toMatchObject({ status: 400, code: 'CITYOPS_REQUEST_INVALID' });
    const unknown = await app.inject({ url: '/api/nothing-here', headers: { cookie: await login('viewer') } });
    expect(unknown.json()).toMatchObject({ status: 404, code: 'CITYOPS_NOT_FOUND' });
  });

  it('enforces roles: admins provision devices, others get 403', async () => {
    const body = { id: 'CAM-NEW-1', kind: 'camera', lat: 21.04, lon: 105.86, area: 'A003' };
    const denied = await app.inject({
      method: 'POST',
      url: '/api/devices',
      payload: body,
      headers: { origin: INJECT_ORIGIN, cookie: await login('supervisor') },
    });
    expect(denied.json()).toMatchObject({ status: 403, code: 'CITYOPS_AUTH_FORBIDDEN' });
    const admin = await login('admin');
    const created = await app.inject({ method: 'POST', url: '/api/devices', payload: body, headers: { origin: INJECT_ORIGIN, cookie: admin } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'CAM-NEW-1', kind: 'camera', username: 'CAM-NEW-1', password: expect.any(String) });
    const again = await app.inject({ method: 'POST', url: '/api/devices', payload: body, headers: { origin: INJECT_ORIGIN, cookie: admin } });
    expect(again.json()).toMatchObject({ status: 409, code: 'CITYOPS_DEVICE_EXISTS' });
    const list = await app.inject({ url: '/api/devices?kind=camera', headers: { cookie: await login('viewer') } });
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: 'CAM-NEW-1', status: 'unknown', lastSeenAt: null }] });
    expect((await app.inject({ url: '/api/dead-letters', headers: { cookie: await login('dispatcher') } })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/dead-letters', headers: { cookie: admin } })).json()).toEqual({ items: [] });
  });

  it('gives a viewer 403 on acknowledge and two racing dispatchers one 200 and one 409', async () => {
    await appendEvents(db.pool, [fireEvent(1)]);
    alerting.wake();
    const viewer = await login('viewer');
    const id = await vi.waitFor(
      async () => {
        const found = (await app.inject({ url: '/api/incidents?state=open', headers: { cookie: viewer } })).json().items[0]?.id as number | undefined;
        if (!found) throw new Error('no incident yet');
        return found;
      },
      { timeout: 5000, interval: 20 },
    );
    expect((await app.inject({ method: 'POST', url: `/api/incidents/${id}/ack`, headers: { origin: INJECT_ORIGIN, cookie: viewer } })).statusCode).toBe(403);
    const [a, b] = await Promise.all([login('dispatcher'), login('dispatcher2')]);
    const results = await Promise.all(
      [a, b].map((cookie) => app.inject({ method: 'POST', url: `/api/incidents/${id}/ack`, headers: { origin: INJECT_ORIGIN, cookie } })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().code).toBe('CITYOPS_INCIDENT_ALREADY_ACKNOWLEDGED');
    // The fire checklist's required items first: resolving with them open is refused.
    for (const item of ['confirm', 'call-114', 'notify-building']) {
      const ticked = await app.inject({
        method: 'POST',
        url: `/api/incidents/${id}/checklist/${item}`,
        payload: { done: true },
        headers: { origin: INJECT_ORIGIN, cookie: a },
      });
      expect(ticked.statusCode).toBe(200);
    }
    const resolved = await app.inject({
      method: 'POST',
      url: `/api/incidents/${id}/resolve`,
      payload: { note: 'Đã kiểm tra: báo giả' },
      headers: { origin: INJECT_ORIGIN, cookie: a },
    });
    expect(resolved.json().state).toBe('resolved');
    const detail = (await app.inject({ url: `/api/incidents/${id}`, headers: { cookie: viewer } })).json();
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual(['opened', 'acknowledged', 'checklist', 'checklist', 'checklist', 'resolved']);
    expect(detail.timeline[1].actor).toMatch(/^dispatcher2?$/);
    expect(detail.timeline[5].note).toBe('Đã kiểm tra: báo giả');
  });
});

describe('Socket.IO /ops', () => {
  it('refuses a connection without a session', async () => {
    const s = socketFor(undefined);
    const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
    expect(err.message).toContain('CITYOPS_AUTH_REQUIRED');
  });

  it('streams incidents with sseq, and replays what a reconnecting client missed, in order, once', async () => {
    const cookie = await login('viewer');
    const first = socketFor(cookie);
    const seen: { name: string; sseq: number }[] = [];
    first.onAny((name, body) => name !== 'replay:done' && name !== 'kpi:tick' && seen.push({ name, sseq: body.sseq }));
    await new Promise((resolve) => first.once('replay:done', resolve));
    await appendEvents(db.pool, [fireEvent(2)]);
    realtime.wake();
    alerting.wake();
    await expect.poll(() => seen.some((e) => e.name === 'incident:opened'), { timeout: 5000, interval: 20 }).toBe(true);
    const opened = seen.find((e) => e.name === 'incident:opened')!;
    expect(opened.sseq).toBeGreaterThan(0);
    first.disconnect();

    // While the client is away: an acknowledgement and a device status change happen.
    const incidents = (await app.inject({ url: '/api/incidents?state=open', headers: { cookie } })).json().items;
    await alerting.incidents.acknowledge(incidents[0].id, 'dispatcher');
    await appendEvents(db.pool, [
      {
        topic: 'device.status',
        payload: { id: 'FA-0200', kind: 'fire', status: 'alarm', lat: 21.01, lon: 105.83, area: 'A003', at: new Date().toISOString() },
      },
    ]);
    realtime.wake();
    // The live stream has time to send it (and would send it twice if it were going to).
    await new Promise((r) => setTimeout(r, 200));

    const back = socketFor(cookie, opened.sseq);
    const replayed: { name: string; sseq: number }[] = [];
    back.onAny((name, body) => replayed.push({ name, sseq: body.sseq }));
    const done = await new Promise<{ replayed: number; complete: boolean }>((resolve) => back.once('replay:done', resolve));
    expect(done.complete).toBe(true);
    const events = replayed.filter((e) => e.name !== 'replay:done' && e.name !== 'kpi:tick');
    expect(events.map((e) => e.name)).toEqual(['incident:updated', 'device:status']);
    expect(events.every((e) => e.sseq > opened.sseq)).toBe(true);
    expect([...events.map((e) => e.sseq)].sort((x, y) => x - y)).toEqual(events.map((e) => e.sseq));
    // Nothing more may arrive on the resumed socket: no event is sent twice.
    await new Promise((r) => setTimeout(r, 200));
    expect(replayed.filter((e) => e.name !== 'replay:done' && e.name !== 'kpi:tick')).toHaveLength(2);
  });

  it('sends KPI ticks for the strip', async () => {
    const s = socketFor(await login('viewer'));
    const tick = await new Promise<{ devicesByStatus: Record<string, number>; sseq: number }>((resolve) => s.once('kpi:tick', resolve));
    expect(tick.devicesByStatus).toEqual({ unknown: 1 });
    expect(tick.sseq).toBeGreaterThan(0);
  });
});
