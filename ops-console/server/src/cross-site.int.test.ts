import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { createUser, hashToken } from '@cityops/db';
import { startOpsRealtime, type OpsRealtime } from './realtime/ops-namespace.ts';
import { HARNESS_PASSWORD, INJECT_ORIGIN, openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

/**
 * Pages of other origins using the signed-in user's cookie: a page on another port of the same
 * host is the same site, so its requests carry the SameSite=Lax cookie. They may neither change
 * anything nor open the realtime stream; machine clients (API keys, Open311) without Origin keep
 * working; and a socket does not outlive its session.
 */
let h: ConsoleHarness;
let incidentId: number;
const sockets: Socket[] = [];
const ALLOWED = 'https://wall.example.vn';
const OPEN311_KEY = 'open311-key-for-cross-site-tests';

beforeAll(async () => {
  h = await openConsoleHarness({
    env: { CITYOPS_ALLOWED_ORIGINS: ALLOWED, CITYOPS_OPEN311_KEY: OPEN311_KEY },
    // Sessions are re-checked once an hour here: a socket closing sooner was closed by the logout itself.
    realtime: { pollMs: 50, sessionCheckMs: 3_600_000 },
  });
  expect(
    (await h.api('dispatcher', 'POST', '/api/tickets', { line: '114', category: 'fire', description: 'Khói tầng 3', lat: 21.03, lon: 105.85 })).status,
  ).toBe(201);
  await h.settle();
  incidentId = (await h.api('viewer', 'GET', '/api/incidents?state=open')).body.items[0].id;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await h?.close();
});

/** A fresh session of `username` (not the harness's cached one), as a cookie header. */
async function freshSession(username: string): Promise<string> {
  const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: HARNESS_PASSWORD } });
  expect(res.statusCode).toBe(200);
  return `cityops_session=${res.cookies.find((c) => c.name === 'cityops_session')!.value}`;
}

const ack = (headers: Record<string, string>, payload?: string) =>
  h.app.inject({ method: 'POST', url: `/api/incidents/${incidentId}/ack`, headers, ...(payload !== undefined ? { payload } : {}) });

async function incidentState(): Promise<string> {
  return (await h.api('viewer', 'GET', `/api/incidents/${incidentId}`)).body.state;
}

/** Connects to /ops and resolves once the stream has begun (replay:done); rejects with the refusal. */
function openSocket(
  baseUrl: string,
  headers: Record<string, string>,
  transports: ('websocket' | 'polling')[] = ['websocket'],
  events: string[] = [],
): Promise<Socket> {
  const socket = connectSocket(`${baseUrl}/ops`, { transports, extraHeaders: headers, reconnection: false, timeout: 10_000 });
  sockets.push(socket);
  socket.onAny((name: string) => events.push(name));
  return new Promise((resolve, reject) => {
    socket.once('replay:done', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

describe('state-changing requests from other origins', () => {
  it('refuses another port of the same host, a null origin, a foreign Referer, and a cookie with neither header', async () => {
    const cookie = await h.cookie('dispatcher');
    const refusals: Record<string, string>[] = [
      { cookie, origin: 'http://localhost:8081' },
      { cookie, origin: 'http://localhost:8081', 'content-type': 'text/plain' },
      { cookie, origin: 'null' },
      { cookie, referer: 'http://localhost:8081/attack.html' },
      { cookie },
    ];
    for (const headers of refusals) {
      const res = await ack(headers, headers['content-type'] ? '' : undefined);
      expect({ headers, status: res.statusCode, code: res.json().code }).toEqual({ headers, status: 403, code: 'CITYOPS_ORIGIN_REFUSED' });
    }
    expect(await incidentState()).toBe('open');
  });

  it('refuses a cross-origin logout and sign-in; the session stays', async () => {
    const cookie = await freshSession('viewer');
    const logout = await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, origin: 'http://localhost:8081' } });
    expect(logout.json()).toMatchObject({ status: 403, code: 'CITYOPS_ORIGIN_REFUSED' });
    expect((await h.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'http://localhost:8081' },
      payload: { username: 'viewer', password: HARNESS_PASSWORD },
    });
    expect(login.json()).toMatchObject({ status: 403, code: 'CITYOPS_ORIGIN_REFUSED' });
  });

  it("takes JSON bodies only, even from the console's own page", async () => {
    const cookie = await h.cookie('dispatcher');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await ack({ cookie, origin: INJECT_ORIGIN, 'content-type': type }, 'a=1');
      expect({ type, status: res.statusCode, code: res.json().code }).toEqual({ type, status: 415, code: 'CITYOPS_UNSUPPORTED_MEDIA_TYPE' });
    }
    expect(await incidentState()).toBe('open');
  });

  it('accepts its own page (Origin or Referer) and the configured origins', async () => {
    const cookie = await h.cookie('dispatcher');
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/incidents/999999/ack', headers: { cookie, referer: 'http://localhost/desk' } })).json(),
    ).toMatchObject({ code: 'CITYOPS_INCIDENT_NOT_FOUND' });
    expect((await h.app.inject({ method: 'POST', url: '/api/incidents/999999/ack', headers: { cookie, origin: ALLOWED } })).json()).toMatchObject({
      code: 'CITYOPS_INCIDENT_NOT_FOUND',
    });
    const res = await ack({ cookie, origin: INJECT_ORIGIN });
    expect(res.statusCode).toBe(200);
    expect(await incidentState()).toBe('acknowledged');
  });

  it('keeps machine clients working without Origin: an API key files a ticket, Open311 a form', async () => {
    const key = (await h.api('admin', 'POST', '/api/api-keys', { name: 'call centre', scopes: ['tickets'] })).body.key as string;
    const ticket = await h.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: { authorization: `Bearer ${key}` },
      payload: { line: '1022', category: 'traffic', description: 'Đèn hỏng', lat: 21.02, lon: 105.84 },
    });
    expect(ticket.statusCode).toBe(201);
    const form = new URLSearchParams({ api_key: OPEN311_KEY, service_code: '1022-traffic', lat: '21.02', long: '105.84', description: 'Đèn hỏng' }).toString();
    const open311 = await h.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form,
    });
    expect(open311.statusCode).toBe(201);
  });
});

describe('Socket.IO /ops handshake', () => {
  it('refuses another origin, and a cookie without Origin or Referer, on both transports; no event reaches them', async () => {
    const cookie = await h.cookie('viewer');
    const port = new URL(h.baseUrl!).port;
    const attempts: { headers: Record<string, string>; transports: ('websocket' | 'polling')[] }[] = [
      { headers: { cookie, origin: `http://127.0.0.1:${Number(port) + 1}` }, transports: ['websocket'] },
      { headers: { cookie, origin: `http://127.0.0.1:${Number(port) + 1}` }, transports: ['polling'] },
      { headers: { cookie, referer: `http://127.0.0.1:${Number(port) + 1}/attack.html` }, transports: ['polling'] },
      { headers: { cookie }, transports: ['websocket'] },
    ];
    for (const { headers, transports } of attempts) {
      const events: string[] = [];
      const attempt = openSocket(h.baseUrl!, headers, transports, events);
      await expect(attempt, JSON.stringify({ headers, transports })).rejects.toThrow();
      expect(events).toEqual([]);
    }
  });

  it("admits the console's own page (Origin, or Referer on the polling handshake) and configured origins", async () => {
    const cookie = await h.cookie('viewer');
    for (const [headers, transports] of [
      [{ cookie, origin: h.baseUrl! }, ['websocket']],
      [{ cookie, referer: `${h.baseUrl}/desk` }, ['polling']],
      [{ cookie, origin: ALLOWED }, ['websocket']],
    ] as const) {
      const socket = await openSocket(h.baseUrl!, headers, [...transports]);
      expect(socket.connected).toBe(true);
      socket.disconnect();
    }
  });

  it('a logout closes the sockets of that session at once, and only those', async () => {
    const [a, b] = [await freshSession('dispatcher'), await freshSession('dispatcher')];
    const socketA = await openSocket(h.baseUrl!, { cookie: a, origin: h.baseUrl! });
    const socketB = await openSocket(h.baseUrl!, { cookie: b, origin: h.baseUrl! });
    const reason = new Promise((resolve) => socketA.once('disconnect', resolve));
    const logout = await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: a, origin: INJECT_ORIGIN } });
    expect(logout.statusCode).toBe(204);
    expect(await reason).toBe('io server disconnect');
    expect(socketB.connected).toBe(true);
  });
});

describe('sockets follow their session', () => {
  let server: Server;
  let realtime: OpsRealtime;
  let url: string;

  beforeAll(async () => {
    for (const name of ['gone-disabled', 'gone-role', 'gone-expired', 'gone-closed', 'stays']) await createUser(h.db.pool, name, 'viewer', HARNESS_PASSWORD);
    // A second Socket.IO server on the same database, re-checking sessions every 100 ms.
    server = createServer();
    realtime = await startOpsRealtime({ httpServer: server, pool: h.db.pool, log: pino({ level: 'silent' }), sessionCheckMs: 100 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await realtime?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('closes the socket of a disabled user, a changed role, an expired session, and on closeUser; others stay', async () => {
    const open = async (username: string) => {
      const cookie = await freshSession(username);
      const socket = await openSocket(url, { cookie, origin: url });
      return { cookie, socket, closed: new Promise((resolve) => socket.once('disconnect', resolve)) };
    };
    const [disabled, role, expired, closed, stays] = await Promise.all(['gone-disabled', 'gone-role', 'gone-expired', 'gone-closed', 'stays'].map(open));

    await h.db.pool.query(`UPDATE users SET disabled_at = now() WHERE username = 'gone-disabled'`);
    await h.db.pool.query(`UPDATE users SET role = 'dispatcher' WHERE username = 'gone-role'`);
    const token = decodeURIComponent(expired!.cookie.split('=')[1]!);
    await h.db.pool.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashToken(token)]);
    expect(realtime.closeUser('gone-closed')).toBe(1);

    for (const s of [disabled!, role!, expired!, closed!]) expect(await s.closed).toBe('io server disconnect');
    // The checks that closed those looked at this session too, and left it open.
    expect(stays!.socket.connected).toBe(true);
  });
});
