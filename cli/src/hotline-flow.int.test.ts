import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { Ticket, TicketEvent } from '@cityops/contracts';
import { createUser, listApiKeys } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startAlerting, type Alerting } from '@cityops/alerting';
import { buildApp, readConsoleConfig, startOpsRealtime, type OpsRealtime } from '@cityops/console-server';
import type { HotlineHandle } from '@cityops/simulators';
import { SIMULATED_CALL_CENTRE, startHotlineSimulation } from './hotline-simulation.ts';

// The hotline stream end to end on either database path: the simulated call centre files
// tickets over REST with the API key `npm start` issues it, they are stored, and a signed-in console
// receives them live as `ticket:opened`.
let db: TestDatabase;
let app: FastifyInstance;
let alerting: Alerting;
let realtime: OpsRealtime;
let socket: Socket;
let hotline: HotlineHandle | undefined;
let port: number;
const streamed: TicketEvent[] = [];
const log = pino({ level: 'silent' });

beforeAll(async () => {
  db = await openTestDatabase();
  await createUser(db.pool, 'operator', 'viewer', 'flow-test-password');
  alerting = startAlerting({ pool: db.pool, log, pollMs: 50 });
  const onCommitted = () => {
    alerting.wake();
    realtime?.wake();
  };
  app = await buildApp({
    config: readConsoleConfig({}),
    pool: db.pool,
    alerting,
    log,
    metrics: async () => '',
    onCommitted,
    probes: { brokerUp: () => true, timescale: db.caps.timescale, version: 'test' },
  });
  realtime = await startOpsRealtime({ httpServer: app.server, pool: db.pool, log, pollMs: 50 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'operator', password: 'flow-test-password' }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  socket = connectSocket(`http://127.0.0.1:${port}/ops`, {
    transports: ['websocket'],
    extraHeaders: { cookie, origin: `http://127.0.0.1:${port}` },
    reconnection: false,
  });
  socket.on('ticket:opened', (e: TicketEvent) => streamed.push(e));
  await new Promise((r) => socket.once('replay:done', r));
});

afterAll(async () => {
  await hotline?.stop();
  socket?.disconnect();
  await realtime?.close();
  await app?.close();
  await alerting?.stop();
  await db?.close();
});

describe('simulated call centre → REST → database → console', () => {
  it('files tickets with its own key; each is stored and streamed live; a restart revokes the previous key', async () => {
    // A day's calls squeezed into seconds: 5,000 × the daily volume.
    const first = await startHotlineSimulation(db.pool, { port, rate: 5000, log });
    await first.stop();
    hotline = await startHotlineSimulation(db.pool, { port, rate: 5000, log });
    await expect.poll(() => streamed.length, { timeout: 20_000, interval: 100 }).toBeGreaterThanOrEqual(5);
    await hotline.stop();
    const stats = hotline.stats();
    expect(stats.failed).toBe(0);

    const keys = (await listApiKeys(db.pool)).filter((k) => k.name === SIMULATED_CALL_CENTRE);
    expect(keys.map((k) => k.revokedAt === null)).toEqual([false, true]);

    const cookie = (socket.io.opts.extraHeaders as Record<string, string>).cookie!;
    const stored: Ticket[] = (await (await fetch(`http://127.0.0.1:${port}/api/tickets?limit=5000`, { headers: { cookie } })).json()).items;
    await expect.poll(() => streamed.length, { timeout: 5_000 }).toBe(stored.length);
    expect(new Set(streamed.map((e) => e.ticket.id))).toEqual(new Set(stored.map((t) => t.id)));
    expect(stored.every((t) => t.source === 'call-centre' && t.state === 'received')).toBe(true);
    expect(JSON.stringify(streamed)).not.toMatch(/callerPhone|09\d{8}/);
    const detail = (await (await fetch(`http://127.0.0.1:${port}/api/tickets/${stored[0]!.id}`, { headers: { cookie } })).json()) as Ticket;
    expect(detail.history![0]).toMatchObject({ type: 'received', actor: `api-key:${SIMULATED_CALL_CENTRE}` });
  });
});
