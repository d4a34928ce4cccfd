import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { purgeAudit } from '@cityops/db';
import { HARNESS_PASSWORD, INJECT_ORIGIN, openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

// Users managed by admins, with every session of a changed user ended at once, and the audit log
// of sign-ins and of supervisor and admin actions, append-only.
let h: ConsoleHarness;
const sockets: Socket[] = [];
const NEW_PASSWORD = 'phuong-hang-bac-2026';

beforeAll(async () => {
  // Sessions are re-checked only hourly here: a socket that closes at once was closed by the route.
  h = await openConsoleHarness({ realtime: { pollMs: 50, sessionCheckMs: 3_600_000 } });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await h?.close();
});

async function signIn(username: string, password: string) {
  const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const session = res.cookies.find((c) => c.name === 'cityops_session');
  return { status: res.statusCode, cookie: session ? `cityops_session=${session.value}` : '' };
}

const asCookie = (cookie: string, method: 'GET' | 'POST', url: string) => h.app.inject({ method, url, headers: { cookie, origin: INJECT_ORIGIN } });

function openSocket(cookie: string): Promise<Socket> {
  const socket = connectSocket(`${h.baseUrl}/ops`, { transports: ['websocket'], extraHeaders: { cookie, origin: h.baseUrl! }, reconnection: false });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function audit(query = '') {
  const res = await h.api('admin', 'GET', `/api/audit${query}`);
  expect(res.status).toBe(200);
  return res.body.items as { actor: string; action: string; target: string; outcome: string; address: string; before: unknown; after: unknown }[];
}

describe('users', () => {
  it('an admin adds a user; the password is in no answer and in no audit entry', async () => {
    const created = await h.api('admin', 'POST', '/api/users', { username: 'ward-op', role: 'dispatcher', password: HARNESS_PASSWORD });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ username: 'ward-op', role: 'dispatcher', disabled: false, createdAt: expect.any(String), lastSignInAt: null });
    expect((await h.api('admin', 'POST', '/api/users', { username: 'ward-op', role: 'viewer', password: HARNESS_PASSWORD })).body.code).toBe(
      'CITYOPS_USER_EXISTS',
    );
    expect((await h.api('admin', 'POST', '/api/users', { username: 'short', role: 'viewer', password: 'short' })).status).toBe(400);
    const [entry] = await audit('?action=user.create&outcome=succeeded');
    expect(entry).toMatchObject({
      actor: 'admin',
      action: 'user.create',
      target: 'ward-op',
      outcome: 'succeeded',
      after: { username: 'ward-op', role: 'dispatcher' },
    });
    expect(JSON.stringify(await audit())).not.toContain(HARNESS_PASSWORD);
  });

  it('only admins manage users: a supervisor is refused, and the refusal is on the audit log', async () => {
    expect((await h.api('supervisor', 'GET', '/api/users')).status).toBe(403);
    expect((await h.api('supervisor', 'PATCH', '/api/users/ward-op', { disabled: true })).status).toBe(403);
    const anonymous = await h.app.inject({ method: 'PATCH', url: '/api/users/ward-op', payload: { disabled: true }, headers: { origin: INJECT_ORIGIN } });
    expect(anonymous.statusCode).toBe(401);
    const refused = await audit('?outcome=refused');
    // The supervisor's attempt is recorded; the anonymous one (anyone on the network) is not.
    expect(refused.map((e) => [e.actor, e.action, e.target])).toEqual([['supervisor', 'user.update', 'ward-op']]);
  });

  it('disabling a user closes their socket at once, ends their session (401), and the audit log shows it after their failed sign-in', async () => {
    expect((await signIn('ward-op', 'not the password')).status).toBe(401);
    const session = await signIn('ward-op', HARNESS_PASSWORD);
    expect(session.status).toBe(200);
    expect((await asCookie(session.cookie, 'GET', '/api/incidents')).statusCode).toBe(200);
    const socket = await openSocket(session.cookie);
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));

    const disabled = await h.api('admin', 'PATCH', '/api/users/ward-op', { disabled: true });
    expect(disabled.body).toMatchObject({ username: 'ward-op', disabled: true, lastSignInAt: expect.any(String) });
    expect(await closed).toBe('io server disconnect');
    expect((await asCookie(session.cookie, 'GET', '/api/incidents')).json()).toMatchObject({ status: 401, code: 'CITYOPS_AUTH_REQUIRED' });
    expect((await signIn('ward-op', HARNESS_PASSWORD)).status).toBe(401);

    const trail = (await audit()).filter((e) => e.actor === 'ward-op' || e.target === 'ward-op');
    expect(trail.slice(0, 4).map((e) => [e.action, e.outcome])).toEqual([
      ['auth.sign_in', 'failed'],
      ['user.update', 'succeeded'],
      ['auth.sign_in', 'succeeded'],
      ['auth.sign_in', 'failed'],
    ]);
    expect(trail[0]).toMatchObject({ address: '127.0.0.1', after: { reason: 'account disabled' } });
    expect(trail[1]).toMatchObject({ actor: 'admin', before: { disabled: false }, after: { disabled: true } });
    expect(trail[3]).toMatchObject({ address: '127.0.0.1', after: { reason: 'wrong password' } });

    expect((await h.api('admin', 'PATCH', '/api/users/ward-op', { disabled: false })).body.disabled).toBe(false);
    expect((await signIn('ward-op', HARNESS_PASSWORD)).status).toBe(200);
  });

  it('a new role or a reset password ends the sessions too; the new password works and is not recorded', async () => {
    const session = await signIn('ward-op', HARNESS_PASSWORD);
    expect((await h.api('admin', 'PATCH', '/api/users/ward-op', { role: 'viewer' })).body.role).toBe('viewer');
    expect((await asCookie(session.cookie, 'GET', '/api/incidents')).statusCode).toBe(401);

    const again = await signIn('ward-op', HARNESS_PASSWORD);
    const socket = await openSocket(again.cookie);
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    expect((await h.api('admin', 'POST', '/api/users/ward-op/password', { password: NEW_PASSWORD })).status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    expect((await asCookie(again.cookie, 'GET', '/api/incidents')).statusCode).toBe(401);
    expect((await signIn('ward-op', NEW_PASSWORD)).status).toBe(200);
    expect(JSON.stringify(await audit())).not.toContain(NEW_PASSWORD);
    expect((await audit('?action=user.reset_password'))[0]).toMatchObject({ actor: 'admin', target: 'ward-op', outcome: 'succeeded' });
  });

  it('an admin cannot disable or demote themselves; another admin can', async () => {
    expect((await h.api('admin', 'PATCH', '/api/users/admin', { disabled: true })).body).toMatchObject({ status: 409, code: 'CITYOPS_USER_LAST_ADMIN' });
    expect((await h.api('admin', 'PATCH', '/api/users/admin', { role: 'supervisor' })).body.code).toBe('CITYOPS_USER_LAST_ADMIN');
    for (const name of ['admin2', 'admin3'])
      expect((await h.api('admin', 'POST', '/api/users', { username: name, role: 'admin', password: HARNESS_PASSWORD })).status).toBe(201);
    // Another admin may demote one: there stay enabled admins.
    const admin2 = await signIn('admin2', HARNESS_PASSWORD);
    const demote = await h.app.inject({
      method: 'PATCH',
      url: '/api/users/admin3',
      payload: { role: 'supervisor' },
      headers: { cookie: admin2.cookie, origin: INJECT_ORIGIN },
    });
    expect(demote.json()).toMatchObject({ role: 'supervisor' });
    expect((await h.api('admin', 'PATCH', '/api/users/nobody', { disabled: true })).body.code).toBe('CITYOPS_USER_NOT_FOUND');
  });
});

describe('audit log', () => {
  it('records supervisor changes with the state before and after, and never an API key', async () => {
    const { body: view } = await h.api('viewer', 'GET', '/api/rules/queue-overload');
    const edited = { ...view.rule, params: { ...view.rule.params, maxWaiting: 55 } };
    expect((await h.api('supervisor', 'PUT', '/api/rules/queue-overload', edited)).status).toBe(200);
    const [entry] = await audit('?action=rule.update');
    expect(entry).toMatchObject({
      actor: 'supervisor',
      target: 'queue-overload',
      before: { rule: { params: { maxWaiting: view.rule.params.maxWaiting } }, modified: false },
      after: { rule: { params: { maxWaiting: 55 } }, modified: true },
    });
    const bad = await h.api('supervisor', 'PUT', '/api/rules/queue-overload', { ...edited, params: { ...edited.params, clearRatio: 3 } });
    expect(bad.status).toBe(400);
    expect((await audit('?action=rule.update'))[0]).toMatchObject({ outcome: 'failed', after: { status: 400, problem: { code: 'CITYOPS_RULE_INVALID' } } });

    const key = await h.api('admin', 'POST', '/api/api-keys', { name: 'call centre', scopes: ['tickets'] });
    expect(key.status).toBe(201);
    // A create's target is the id it answered with.
    expect((await audit('?action=api_key.create'))[0]).toMatchObject({
      actor: 'admin',
      target: String(key.body.id),
      outcome: 'succeeded',
      after: { name: 'call centre', key: '[redacted]' },
    });
    expect(JSON.stringify(await audit())).not.toContain(key.body.key);
  });

  it('filters by actor and action prefix, pages newest first, and exports CSV for Excel', async () => {
    const signs = await audit('?action=auth.&actor=ward-op');
    expect(signs.length).toBeGreaterThanOrEqual(5);
    expect(signs.every((e) => e.action.startsWith('auth.') && e.actor === 'ward-op')).toBe(true);
    const first = await h.api('admin', 'GET', '/api/audit?limit=2');
    expect(first.body.items).toHaveLength(2);
    const next = await h.api('admin', 'GET', `/api/audit?limit=2&before=${first.body.nextBefore}`);
    expect(next.body.items[0].id).toBeLessThan(first.body.items[1].id);
    expect((await h.api('admin', 'GET', '/api/audit?from=yesterday')).body.code).toBe('CITYOPS_REQUEST_INVALID');
    expect((await h.api('supervisor', 'GET', '/api/audit')).status).toBe(403);

    const csv = await asCookie(await h.cookie('admin'), 'GET', '/api/audit?format=csv&action=auth.');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.startsWith('\uFEFFSố,Thời điểm,Người thực hiện,Hành động')).toBe(true);
    expect(csv.body).toContain(',ward-op,auth.sign_in,,Thất bại,127.0.0.1,');
  });

  it('is append-only: no row changes, none younger than 400 days goes, and the purge takes only older ones', async () => {
    await expect(h.db.pool.query(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(h.db.pool.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(h.db.pool.query(`TRUNCATE audit_log`)).rejects.toThrow(/cannot be truncated/);
    await h.db.pool.query(`INSERT INTO audit_log (at, actor, action, outcome) VALUES (now() - interval '401 days', 'old', 'auth.sign_in', 'succeeded')`);
    const total = async () => Number((await h.db.pool.query('SELECT count(*) FROM audit_log')).rows[0].count);
    const before = await total();
    // A retention under 400 days is raised to 400: the young rows stay.
    expect(await purgeAudit(h.db.pool, 30, new Date())).toBe(1);
    expect(await total()).toBe(before - 1);
  });
});
