/** What the embedded database process tells its supervisor over IPC (db/src/embedded/main.ts → supervisor.ts). */
export type SupervisionMessage =
  | { type: 'ready'; connectionString: string; port: number; pid: number }
  /** Every HEARTBEAT_MS while the event loop runs; `busySince` is when the oldest unanswered messages were handed to PGlite. */
  | { type: 'heartbeat'; busySince: number | null; busyWhat: string | null };

export const HEARTBEAT_MS = 1000;

export function isSupervisionMessage(m: unknown): m is SupervisionMessage {
  const type = (m as { type?: unknown } | null)?.type;
  return type === 'ready' || type === 'heartbeat';
}
