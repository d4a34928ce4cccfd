import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createUser } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startAlerting, type Alerting } from '@cityops/alerting';
import { buildApp } from '../app.ts';
import { readConsoleConfig } from '../config.ts';
import { startOpsRealtime, type OpsRealtime, type RealtimeOptions } from '../realtime/ops-namespace.ts';

/**
 * The console's HTTP app over a scratch database with alerting running on a clock the test moves,
 * and one signed-in user per role: what the API integration suites share.
 */
export interface ConsoleHarness {
  db: TestDatabase;
  app: FastifyInstance;
  alerting: Alerting;
  /** The clock alerting runs on (ms); tests move it. Ignored with `realClock`. */
  clock: { now: number };
  /** A request as `user` (signed in once, cookie reused); the body parsed when there is one. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are checked with toMatchObject, like inject().json()
  api<T = any>(user: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object): Promise<{ status: number; body: T }>;
  /** Lets alerting read what was appended, then runs its clock-driven rules and escalations. */
  settle(): Promise<void>;
  /** With `realtime`: the Socket.IO server; with it or `listen`, the listening app's http://127.0.0.1:port. */
  realtime: OpsRealtime | undefined;
  baseUrl: string | undefined;
  /** The session cookie of `user` (signed in once), for Socket.IO clients and fetch. */
  cookie(user: string): Promise<string>;
  /** Headers a browser on the console's own page sends with Socket.IO: the cookie of `user` and the Origin. */
  socketHeaders(user: string): Promise<{ cookie: string; origin: string }>;
  close(): Promise<void>;
}

export const HARNESS_PASSWORD = 'correct horse battery';

export interface HarnessOptions {
  extraUsers?: Record<string, 'viewer' | 'dispatcher' | 'supervisor' | 'admin'>;
  /** Console environment (e.g. CITYOPS_OPEN311_KEY), read by `readConsoleConfig`. */
  env?: Record<string, string>;
  /** Alerting on the wall clock instead of the movable one (suites that compare with the database's now()). */
  realClock?: boolean;
  /** Also serve Socket.IO `/ops` with these options and listen on 127.0.0.1 (a free port). */
  realtime?: Omit<RealtimeOptions, 'httpServer' | 'pool' | 'log'>;
  /** Alerting's poll; default 50 ms (suites that drive the event log themselves set it long). */
  alertingPollMs?: number;
  /** Serve this directory as the built web UI (it must hold an index.html). */
  webDist?: string;
  /** Listen on 127.0.0.1 (a free port) without Socket.IO: for suites that need real HTTP requests. */
  listen?: boolean;
}

/**
 * What `inject()` sends as Host (localhost:80), as a browser on the console's page would send it in
 * Origin: state-changing requests with a session cookie need it.
 */
export const INJECT_ORIGIN = 'http://localhost';

export async function openConsoleHarness(opts: HarnessOptions = {}): Promise<ConsoleHarness> {
  const db = await openTestDatabase();
  const users = { viewer: 'viewer', dispatcher: 'dispatcher', supervisor: 'supervisor', admin: 'admin', ...opts.extraUsers } as const;
  for (const [username, role] of Object.entries(users)) await createUser(db.pool, username, role, HARNESS_PASSWORD);
  const log = pino({ level: 'silent' });
  const clock = { now: Date.now() };
  const alerting = startAlerting({
    pool: db.pool,
    log,
    ...(opts.realClock ? {} : { now: () => clock.now }),
    pollMs: opts.alertingPollMs ?? 50,
    tickMs: 3_600_000,
  });
  const app = await buildApp({
    config: readConsoleConfig(opts.env ?? {}, opts.webDist),
    pool: db.pool,
    alerting,
    log,
    metrics: async () => '',
    probes: { brokerUp: () => true, timescale: db.caps.timescale, version: 'test' },
  });
  const realtime = opts.realtime ? await startOpsRealtime({ ...opts.realtime, httpServer: app.server, pool: db.pool, log }) : undefined;
  let baseUrl: string | undefined;
  if (realtime || opts.listen) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  }
  const cookies: Record<string, string> = {};
  const login = async (username: string): Promise<string> => {
    if (cookies[username]) return cookies[username];
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: HARNESS_PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    cookies[username] = `cityops_session=${res.cookies.find((c) => c.name === 'cityops_session')!.value}`;
    return cookies[username];
  };
  return {
    db,
    app,
    alerting,
    clock,
    realtime,
    baseUrl,
    cookie: login,
    async socketHeaders(user) {
      if (!baseUrl) throw new Error('socketHeaders needs the harness opened with `realtime`');
      return { cookie: await login(user), origin: baseUrl };
    },
    async api(user, method, url, payload) {
      const res = await app.inject({ method, url, headers: { cookie: await login(user), origin: INJECT_ORIGIN }, ...(payload ? { payload } : {}) });
      // An empty body (204) reads as null.
      return { status: res.statusCode, body: (res.body ? res.json() : null) as never };
    },
    async settle() {
      alerting.wake();
      await new Promise((r) => setTimeout(r, 250));
      await alerting.tick();
    },
    async close() {
      await realtime?.close();
      await app.close();
      await alerting.stop();
      await db.close();
    },
  };
}
