import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import type { Logger } from 'pino';
import {
  Histogram,
  OPS_NAMESPACE,
  type KpiTickEvent,
  type MetricFamily,
  type OpsClientEvents,
  type OpsServerEvents,
  type SessionUser,
} from '@cityops/contracts';
import { contiguousPrefix, findSessionUsers, hashToken, latestEventId, oldestEventId, readEventsAfter, TailLoop, type Pool } from '@cityops/db';
import { sessionTokenFromCookieHeader, userForToken } from '../plugins/sessions.ts';
import { consoleLinkOf } from '../console-link.ts';
import { judgeOrigin } from '../security/origin-policy.ts';
import { ENGINE_HEADERS } from '../security/security-headers.ts';
import { SessionSockets } from './session-sockets.ts';
import { deliveryPrefs, freshMessages, mapRows, type Mapped } from './delivery.ts';
import { KpiTicker } from './kpi-ticker.ts';
import { Outbox } from './outbox.ts';
import { planReplay, replayReached } from './replay-plan.ts';
import { FrameCache, sharedFrameParser } from './shared-frames.ts';

interface SocketData {
  user: SessionUser;
  /** The session it was opened with (hash of the cookie's token), so ending the session closes it. */
  tokenHash: string;
  /** Highest sseq this socket has been sent; nothing at or below it is sent again. */
  last: number;
  /** Live events that arrived while the socket was still replaying. */
  pending: Mapped[] | null;
  /** Sends in order; batches and paces device statuses for clients that asked (outbox.ts). */
  outbox: Outbox;
}
type OpsSocket = Socket<OpsClientEvents, OpsServerEvents, Record<string, never>, SocketData>;

/** Most events one reconnect replays; a client further behind reloads its lists instead. */
const MAX_REPLAY = 20_000;
/** A batch not acknowledged by then counts as handled, so a client that never acks is not starved. */
const BATCH_ACK_TIMEOUT_MS = 10_000;

export interface OpsRealtime {
  io: Server;
  nsp: Namespace;
  /** Nudge: something was committed to the event log. */
  wake(): void;
  clients(): number;
  /** Message bodies turned into JSON so far: once per message, however many sockets it went to. */
  framesEncoded(): number;
  /** What the stream measures, for /metrics. */
  families(): MetricFamily[];
  /** The last event-log id streamed to the live sockets (readiness compares it with the log's head). */
  cursor(): number;
  /** Closes every socket of `username` (a user disabled, or given another role, by an admin tool). */
  closeUser(username: string): number;
  close(): Promise<void>;
}

/**
 * Socket.IO `/ops`: session required; every event carries its event-log id as `sseq`; a client that
 * reconnects with `auth.lastSseq` gets everything it missed, in order, once, then the live stream.
 */
/** Events that change a figure of the KPI strip (open incidents, MTTA, hotline compliance). */
const STRIP_TOPICS: ReadonlySet<string> = new Set(['incident.opened', 'incident.updated', 'ticket.opened', 'ticket.updated']);

export interface RealtimeOptions {
  httpServer: HttpServer;
  pool: Pool;
  log: Logger;
  pollMs?: number;
  now?: () => number;
  /** Figures for the KPI strip, sent as `kpi:tick` every `kpiEveryMs` while anyone watches. */
  kpi?: () => Promise<Omit<KpiTickEvent, 'sseq' | 'at'>>;
  kpiEveryMs?: number;
  /**
   * How often open sockets’ sessions are checked against the database (default 2 s, one query): an expired
   * session, a disabled user, a new password or another role closes them within this period.
   */
  sessionCheckMs?: number;
}

export async function startOpsRealtime(opts: RealtimeOptions): Promise<OpsRealtime> {
  const log = opts.log.child({ component: 'realtime' });
  const now = opts.now ?? Date.now;
  const link = consoleLinkOf(opts.httpServer);
  const io = new Server<OpsClientEvents, OpsServerEvents, Record<string, never>, SocketData>(opts.httpServer, {
    serveClient: false,
    cors: { origin: false },
    // Bodies shared by many sockets are encoded once (shared-frames.ts).
    parser: sharedFrameParser,
    // A WebSocket is not bound by CORS, and a page on another port of the same host gets the
    // session cookie sent along: the handshake must come from the console's own pages.
    allowRequest: (req, callback) => {
      const hasSessionCookie = sessionTokenFromCookieHeader(req.headers.cookie) !== undefined;
      const verdict = judgeOrigin({ headers: req.headers, hasSessionCookie, allowed: link.allowedOrigins });
      if (verdict.ok) return callback(null, true);
      log.warn({ origin: req.headers.origin, referer: req.headers.referer }, 'cross-origin Socket.IO handshake refused');
      callback(`CITYOPS_ORIGIN_REFUSED: ${verdict.reason}`, false);
    },
  });
  io.engine.on('headers', (headers: Record<string, string>) => Object.assign(headers, ENGINE_HEADERS));
  const nsp = io.of(OPS_NAMESPACE);
  let cursor = await latestEventId(opts.pool);
  const sessions = new SessionSockets<OpsSocket>();
  const frames = new FrameCache();
  let messagesSent = 0;
  // Logged → handed to the live sockets, per event the console streams (an incident's last hop).
  const toSockets = new Histogram(
    'cityops_realtime_event_to_socket_seconds',
    'From the transaction that logged an event to its sending to the live sockets, by event',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    [{ event: 'incident:opened' }],
  );

  nsp.use(async (socket, next) => {
    try {
      const token = sessionTokenFromCookieHeader(socket.handshake.headers.cookie);
      const user = await userForToken(opts.pool, token);
      if (!user || !token) return next(new Error('CITYOPS_AUTH_REQUIRED: sign in first'));
      const outbox = new Outbox(
        {
          // Names and bodies come paired from the event log's mapping (event-mapping.ts); Socket.IO's
          // typed emit cannot follow a pairing chosen at run time, hence the one widening here.
          emit: (name, body) => {
            messagesSent += 1;
            (socket.emit as (n: string, b: unknown) => void)(name, frames.encode(name, body));
          },
          emitWithAck: (name, body, done) => {
            messagesSent += 1;
            let called = false;
            const once = () => (called ? undefined : ((called = true), done()));
            (socket.timeout(BATCH_ACK_TIMEOUT_MS).emit as (n: string, b: unknown, ack: () => void) => void)(name, frames.encode(name, body), once);
          },
        },
        deliveryPrefs(socket.handshake.auth).batchDeviceStatus,
      );
      socket.data = { user, tokenHash: hashToken(token), last: 0, pending: [], outbox };
      next();
    } catch (err) {
      next(err as Error);
    }
  });

  /** Sends what of `events` this socket has not had yet, in order (batched if it asked). */
  function send(socket: OpsSocket, events: readonly Mapped[]): void {
    const { messages, last } = freshMessages(events, socket.data.last);
    socket.data.last = last;
    socket.data.outbox.push(messages);
  }

  nsp.on('connection', (socket) => {
    sessions.add(socket.data.tokenHash, socket);
    socket.on('disconnect', () => sessions.remove(socket.data.tokenHash, socket));
    const lastSseq = (socket.handshake.auth as { lastSseq?: unknown })?.lastSseq;
    void (async () => {
      let replayed = 0;
      let plan = planReplay(lastSseq, await oldestEventId(opts.pool), cursor);
      socket.data.last = plan.from;
      if (plan.replay) {
        // Replay only up to the live cursor: events beyond it arrive through the live path.
        while (socket.connected && socket.data.last < cursor && replayed < MAX_REPLAY) {
          const rows = (await readEventsAfter(opts.pool, socket.data.last, 2000)).filter((r) => r.id <= cursor);
          if (rows.length === 0) break;
          send(socket, mapRows(rows));
          replayed += rows.length;
        }
        plan = replayReached(plan, socket.data.last, cursor);
      }
      const complete = plan.complete;
      send(socket, socket.data.pending ?? []);
      socket.data.pending = null;
      // Through the outbox: after every replayed event, however many still wait for an ack.
      socket.data.outbox.push([{ name: 'replay:done', body: { sseq: socket.data.last, replayed, complete } }]);
    })().catch((err) => {
      log.warn({ err }, 'replay failed; disconnecting so the client retries');
      socket.disconnect(true);
    });
  });

  // KPI ticks are a snapshot, not history: they carry the current sseq and are never replayed.
  const kpi = opts.kpi
    ? new KpiTicker({
        compute: opts.kpi,
        active: () => nsp.sockets.size > 0,
        log,
        everyMs: opts.kpiEveryMs ?? 5000,
        emit: (figures) => {
          const tick = { ...figures, sseq: Math.max(cursor, 1), at: new Date(now()).toISOString() };
          const encoded = frames.encode('kpi:tick', tick);
          for (const socket of nsp.sockets.values()) if (!socket.data.pending) (socket.emit as (n: string, b: unknown) => void)('kpi:tick', encoded);
        },
      })
    : undefined;
  kpi?.start();

  const loop = new TailLoop(
    async () => {
      const rows = contiguousPrefix(await readEventsAfter(opts.pool, cursor, 2000), cursor, now(), 5000);
      if (rows.length === 0) return 0;
      cursor = rows[rows.length - 1]!.id;
      // Mapped once per read, whatever the number of sockets.
      const events = mapRows(rows);
      if (rows.some((r) => STRIP_TOPICS.has(r.topic))) kpi?.soon();
      if (nsp.sockets.size > 0) {
        const sentAt = Date.now();
        for (const e of events)
          if (e.out?.name === 'incident:opened' || e.out?.name === 'incident:updated')
            toSockets.observe(Math.max(0, sentAt - e.at) / 1000, { event: e.out.name });
      }
      for (const socket of nsp.sockets.values()) {
        if (socket.data.pending) socket.data.pending.push(...events);
        else send(socket, events);
      }
      return rows.length;
    },
    opts.pollMs ?? 250,
    log,
  );
  loop.start();

  function disconnect(sockets: readonly OpsSocket[], why: string): number {
    for (const socket of sockets) socket.disconnect(true);
    if (sockets.length > 0) log.info({ sockets: sockets.length, username: sockets[0]!.data.user.username, why }, 'realtime sockets closed');
    return sockets.length;
  }

  const onSessionEnded = (tokenHash: string) => disconnect(sessions.of(tokenHash), 'signed out');
  link.on('sessionEnded', onSessionEnded);
  const onUserEnded = (username: string) => disconnect(sessions.ofUser(username), 'user changed');
  link.on('userEnded', onUserEnded);

  // Sessions also end where no route of this process sees it: expiry, a user disabled on another
  // console replica, from the CLI or in the database. Every open session is looked up again every
  // two seconds, all in one query, so a disabled user's screens go dark on every replica at once.
  let checking = false;
  async function checkSessions(): Promise<void> {
    if (checking) return;
    checking = true;
    try {
      const tokens = sessions.tokens();
      const live = await findSessionUsers(opts.pool, tokens, new Date(now()));
      for (const tokenHash of tokens) {
        const user = live.get(tokenHash);
        const sockets = sessions.of(tokenHash);
        if (!user) disconnect(sockets, 'session ended');
        else
          disconnect(
            sockets.filter((s) => s.data.user.role !== user.role),
            'role changed',
          );
      }
    } catch (err) {
      log.warn({ err }, 'session check failed; retrying at the next period');
    } finally {
      checking = false;
    }
  }
  const sessionTimer = setInterval(() => void checkSessions(), opts.sessionCheckMs ?? 2_000);
  sessionTimer.unref();

  return {
    io,
    nsp,
    wake: () => loop.wake(),
    clients: () => nsp.sockets.size,
    framesEncoded: () => frames.encoded,
    families: () => [
      { name: 'cityops_realtime_clients', type: 'gauge', help: 'Connected Socket.IO /ops clients', samples: [{ value: nsp.sockets.size }] },
      {
        name: 'cityops_realtime_messages_total',
        type: 'counter',
        help: 'Messages sent to Socket.IO /ops clients (each socket counted)',
        samples: [{ value: messagesSent }],
      },
      {
        name: 'cityops_realtime_encoded_total',
        type: 'counter',
        help: 'Message bodies encoded to JSON (once for all the sockets that get the same body)',
        samples: [{ value: frames.encoded }],
      },
      toSockets.family(),
    ],
    cursor: () => cursor,
    closeUser: onUserEnded,
    async close() {
      clearInterval(sessionTimer);
      link.off('sessionEnded', onSessionEnded);
      link.off('userEnded', onUserEnded);
      kpi?.stop();
      await loop.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
