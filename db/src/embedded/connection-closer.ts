import type { Server, Socket } from 'node:net';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * pglite-socket's server only half-closes the connections it turns away (those waiting in its queue
 * when it stops or when their wait times out, those arriving while it stops): it ends its side and
 * leaves the rest to the client. Node closes such a socket only once it has read everything the
 * client sent, and nobody reads a connection that never got a handler: its startup message stays
 * unread, so the socket stayed open for ever, even after the client's process was gone, and
 * `stop()` (which waits for every connection) never returned.
 *
 * Here every connection is destroyed as soon as the server has finished writing to it (it never
 * reads after ending), any left are destroyed on stop, and a queued connection's error (a client
 * reset while it waited, before a handler listens) no longer throws out of the process.
 */
export interface ConnectionCloser {
  /** Destroys every connection still open. */
  destroyAll(): void;
}

/** Call after `server.start()`: the listening socket exists from then on. */
export function closeConnectionsFully(server: PGLiteSocketServer): ConnectionCloser {
  const listening = (server as unknown as { server: Server | null }).server;
  if (!listening) throw new Error('the embedded database server is not listening yet');
  const open = new Set<Socket>();
  listening.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.once('finish', () => socket.destroy());
    socket.on('error', () => undefined);
  });
  return {
    destroyAll() {
      for (const socket of open) socket.destroy();
      open.clear();
    },
  };
}
