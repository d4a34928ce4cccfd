export type ConnectionStatus = 'live' | 'reconnecting' | 'stale';

export interface LinkState {
  connected: boolean;
  /** The server turned us away (no session) or closed on purpose; socket.io will not retry by itself. */
  refused: boolean;
  /** When the link was last lost (or first attempted), epoch ms. */
  downSince: number;
}

/** After this long without a link, what the map shows can no longer be trusted. */
export const STALE_AFTER_MS = 15_000;

export function connectionStatus(link: LinkState, now: number, staleAfterMs = STALE_AFTER_MS): ConnectionStatus {
  if (link.connected) return 'live';
  if (link.refused || now - link.downSince >= staleAfterMs) return 'stale';
  return 'reconnecting';
}

/** What the header's link indicator shows: the link, and whether the server at its end reports trouble. */
export type LinkTone = ConnectionStatus | 'troubled';

/**
 * A live link to a server that reports trouble (the health banner's: database, broker, ingest) is
 * not shown as plain live: events may have stopped behind it, and a green light would say otherwise.
 */
export function linkTone(status: ConnectionStatus, healthOk: boolean): LinkTone {
  return status === 'live' && !healthOk ? 'troubled' : status;
}
