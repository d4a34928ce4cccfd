import pg from 'pg';
import type { Logger } from 'pino';
import { connectedToPglite } from '../embedded/pglite-version.ts';

/** The channel the event log's trigger notifies on each commit that added to it (db/migrations/0024_notify_event_log.sql). */
export const EVENT_LOG_CHANNEL = 'cityops_event_log';

export interface EventLogListener {
  /** Whether the listening connection is up (readers fall back to polling while it is not). */
  readonly listening: boolean;
  /** Times the connection was lost and made again. */
  readonly reconnects: number;
  /** The database cannot spare a listening connection (the embedded one): readers only poll. */
  readonly pollingOnly: boolean;
  stop(): Promise<void>;
}

export interface ListenerOptions {
  connectionString: string;
  log: Logger;
  /** Called when another commit added to the event log, and after each (re)connection, to catch up. */
  onCommit: () => void;
  /** Waits between reconnection attempts: doubling from the first, up to the last. */
  retryMs?: { first: number; max: number };
}

/**
 * Wakes this process's readers of the event log when any process commits to it, on PostgreSQL's
 * LISTEN/NOTIFY: one dedicated connection per process, made again by itself (with backoff) when the
 * database restarts or drops it. A notification lost while it was down is caught up by the wake
 * that follows every reconnection, and by the readers' own polling meanwhile. The embedded database
 * serves one connection at a time, so there the in-process commit bus is the only wake-up; a
 * stand-alone process pointed at it (PGlite says so in its version) lets the connection go at once,
 * since holding it would stop every other client, and its readers poll.
 */
export function startEventLogListener(o: ListenerOptions): EventLogListener {
  const retry = o.retryMs ?? { first: 100, max: 5_000 };
  let client: pg.Client | undefined;
  let listening = false;
  let reconnects = 0;
  let stopped = false;
  let wait = retry.first;
  let timer: NodeJS.Timeout | undefined;
  let connectedOnce = false;
  let pollingOnly = false;

  const lost = (err: Error | undefined) => {
    if (stopped || !client) return;
    const dead = client;
    client = undefined;
    listening = false;
    void discard(dead);
    o.log.warn({ err, retryInMs: wait }, 'event-log listener lost its connection; readers poll until it is back');
    timer = setTimeout(connect, wait);
    wait = Math.min(retry.max, wait * 2);
  };

  async function connect(): Promise<void> {
    if (stopped) return;
    // A connection attempt that hangs (a database mid-restart) counts as lost, so it is tried again.
    const c = new pg.Client({ connectionString: o.connectionString, application_name: 'cityops-listener', keepAlive: true, connectionTimeoutMillis: 10_000 });
    client = c;
    c.on('error', (err) => lost(err));
    c.on('end', () => lost(undefined));
    c.on('notification', (n) => {
      if (n.channel === EVENT_LOG_CHANNEL) o.onCommit();
    });
    try {
      await c.connect();
      // Asked on the first connection only: a database does not turn into another on reconnecting.
      if (!connectedOnce && (await connectedToPglite(c))) {
        pollingOnly = true;
        stopped = true;
        client = undefined;
        await discard(c);
        o.log.info('the embedded database serves one connection at a time: no event-log listener, readers poll');
        return;
      }
      await c.query(`LISTEN ${EVENT_LOG_CHANNEL}`);
      if (stopped || client !== c) return;
      listening = true;
      wait = retry.first;
      if (connectedOnce) {
        reconnects += 1;
        o.log.info({ reconnects }, 'event-log listener listening again');
      }
      connectedOnce = true;
      // Whatever was committed while nobody listened is read now.
      o.onCommit();
    } catch (err) {
      if (client === c) lost(err as Error);
    }
  }

  void connect();
  return {
    get listening() {
      return listening;
    },
    get reconnects() {
      return reconnects;
    },
    get pollingOnly() {
      return pollingOnly;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      const c = client;
      client = undefined;
      listening = false;
      if (c) await discard(c);
    },
  };
}

/** Lets a connection go without its events (its own end among them) reaching the listener again. */
function discard(c: pg.Client): Promise<void> {
  c.removeAllListeners();
  c.on('error', () => undefined);
  return c.end().catch(() => undefined);
}
