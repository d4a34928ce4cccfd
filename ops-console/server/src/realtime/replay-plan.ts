/**
 * What a socket that connects with `auth.lastSseq` is owed, decided without I/O: whether to replay
 * from the log, from where, and whether what it will get covers everything it missed. `oldest` is
 * the log's oldest id (0 when empty) and `cursor` the last id the live stream has sent.
 */
export interface ReplayPlan {
  /** Replay the events after `from`, up to the cursor; false: start on the live stream. */
  replay: boolean;
  /** The last sseq the socket has (or is treated as having) when the live stream takes over. */
  from: number;
  /** False when the client must reload from snapshots: the log no longer holds all it missed. */
  complete: boolean;
}

export function planReplay(lastSseq: unknown, oldest: number, cursor: number): ReplayPlan {
  const last = Number(lastSseq);
  if (!Number.isSafeInteger(last) || last <= 0) return { replay: false, from: cursor, complete: true };
  // Ahead of this server's log (a database restored or replaced under an open console): ids will
  // repeat, so nothing it has may be trusted; it starts over from snapshots.
  if (last > cursor) return { replay: false, from: cursor, complete: false };
  const pruned = oldest > 0 && last < oldest - 1;
  return { replay: last < cursor, from: last, complete: !pruned };
}

/** After replaying: whether the socket reached the cursor (a replay stops at a bound). */
export function replayReached(plan: ReplayPlan, replayedUpTo: number, cursor: number): ReplayPlan {
  return { ...plan, from: Math.max(plan.from, replayedUpTo), complete: plan.complete && replayedUpTo >= cursor };
}
