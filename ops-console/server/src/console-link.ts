import { EventEmitter } from 'node:events';
import type { Server as HttpServer } from 'node:http';

/**
 * What the console's HTTP routes and its Socket.IO `/ops` share. They are built apart (buildApp,
 * then startOpsRealtime on the app's server, by whoever composes the process) but serve one HTTP
 * server, so the link is found through that server: a logout answered by a route reaches the
 * sockets of that session at once, and the handshake admits the same origins as the routes,
 * without every composition root having to wire them together.
 */
export class ConsoleLink extends EventEmitter<{ sessionEnded: [tokenHash: string]; userEnded: [username: string] }> {
  /** Origins besides the console's own (CITYOPS_ALLOWED_ORIGINS); empty until buildApp sets them. */
  allowedOrigins: ReadonlySet<string> = new Set();

  /** A session was signed out: its sockets close. */
  endSession(tokenHash: string): void {
    this.emit('sessionEnded', tokenHash);
  }

  /** Every session of a user ended (disabled, new role, password reset): all their sockets close. */
  endUser(username: string): void {
    this.emit('userEnded', username);
  }
}

const links = new WeakMap<HttpServer, ConsoleLink>();

export function consoleLinkOf(server: HttpServer): ConsoleLink {
  let link = links.get(server);
  if (!link) {
    link = new ConsoleLink();
    links.set(server, link);
  }
  return link;
}
