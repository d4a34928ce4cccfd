import { io, type Socket } from 'socket.io-client';
import { OPS_NAMESPACE, SESSION_COOKIE, type OpsClientEvents, type OpsServerEvents } from '@cityops/contracts';

export type OpsSocket = Socket<OpsServerEvents, OpsClientEvents>;

/** POST /api/auth/login; the session cookie (`name=value`) the browser would keep. */
export async function signIn(consoleUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(new URL('/api/auth/login', consoleUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(15_000),
  });
  if (!res.ok) throw new Error(`POST /api/auth/login as ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`POST /api/auth/login set no ${SESSION_COOKIE} cookie`);
  return cookie;
}

/**
 * A Socket.IO client on `/ops` with the session cookie, as the console's wall map connects
 * (WebSocket transport); resolves after `replay:done`, when the live stream is flowing.
 */
export async function connectOps(consoleUrl: string, cookie: string, timeoutMs = 15_000): Promise<OpsSocket> {
  const socket: OpsSocket = io(new URL(OPS_NAMESPACE, consoleUrl).toString(), {
    // The console's own Origin, as its page sends: the handshake is refused from any other, or none.
    transports: ['websocket'],
    extraHeaders: { cookie, origin: new URL(consoleUrl).origin },
    reconnection: false,
    timeout: timeoutMs,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no replay:done on ${OPS_NAMESPACE} within ${timeoutMs} ms`)), timeoutMs);
      socket.once('replay:done', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('connect_error', (err) => {
        clearTimeout(timer);
        reject(new Error(`Socket.IO ${OPS_NAMESPACE}: ${err.message}`));
      });
    });
  } catch (err) {
    socket.disconnect();
    throw err;
  }
  return socket;
}

/** `cityops_ingest_*` counters from the console's Prometheus text (GET /metrics). */
export async function ingestCounters(consoleUrl: string): Promise<{ received: number; stored: number; batches: number; batchedMessages: number }> {
  const text = await (await fetch(new URL('/metrics', consoleUrl), { signal: AbortSignal.timeout(10_000) })).text();
  // Summed over the family's label sets (stored is counted by device kind).
  const read = (name: string) => {
    const values = [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].map((m) => Number(m[1]));
    return values.length ? values.reduce((a, b) => a + b, 0) : Number.NaN;
  };
  return {
    received: read('cityops_ingest_received_total'),
    stored: read('cityops_ingest_stored_total'),
    // Over every lane: committed batches, and the messages in them.
    batches: read('cityops_ingest_batch_size_count'),
    batchedMessages: read('cityops_ingest_batch_size_sum'),
  };
}
