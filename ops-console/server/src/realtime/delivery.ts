import type { DeviceStatusBatchEvent, OpsEventName } from '@cityops/contracts';
import type { LoggedEvent } from '@cityops/db';
import { toOpsEvent } from './event-mapping.ts';

/** Most items in one `device:statusBatch`: about 1 MB of JSON, a few ms for a browser to parse. */
export const MAX_BATCH_ITEMS = 10_000;

export interface DeliveryPrefs {
  /** Consecutive `device:status` events go out as one `device:statusBatch` (handshake `auth.batch`). */
  batchDeviceStatus: boolean;
}

/** What the handshake asked for; anything unknown or malformed means the plain contract stream. */
export function deliveryPrefs(auth: unknown): DeliveryPrefs {
  const batch = (auth as { batch?: unknown } | null | undefined)?.batch;
  return { batchDeviceStatus: Array.isArray(batch) && batch.includes('device:status') };
}

export interface Message {
  name: string;
  body: unknown;
}

/** A logged event mapped once per read, then shared by every socket (`out` null: not streamed). */
export interface Mapped {
  id: number;
  /** When it was logged (epoch ms of its writer's transaction). */
  at: number;
  out: { name: OpsEventName; body: Record<string, unknown> } | null;
}

export function mapRows(rows: readonly LoggedEvent[]): Mapped[] {
  return rows.map((r) => ({ id: r.id, at: r.at.getTime(), out: toOpsEvent(r) }));
}

/**
 * The contract events of `events` (ascending ids) a socket has not been given yet, and its new
 * `last`: nothing at or below `last` goes out twice (a replay overlapping the live stream).
 */
export function freshMessages(events: readonly Mapped[], last: number): { messages: Message[]; last: number } {
  const messages: Message[] = [];
  for (const e of events) {
    if (e.id <= last) continue;
    last = e.id;
    if (e.out) messages.push(e.out);
  }
  return { messages, last };
}

/**
 * Each run of consecutive `device:status` messages as one `device:statusBatch` whose items keep
 * their own sseq (the batch's sseq is its last item's), so a client applies exactly what a plain
 * client would, in the same order, and resumes from the same sseq (`auth.lastSseq`). A run is cut
 * wherever another event falls between, so events of different kinds never change order.
 */
export function batchRuns(messages: readonly Message[], max = MAX_BATCH_ITEMS): Message[] {
  const out: Message[] = [];
  let run: DeviceStatusBatchEvent['items'] = [];
  const flush = () => {
    if (run.length) out.push({ name: 'device:statusBatch', body: { sseq: run[run.length - 1]!.sseq, items: run } satisfies DeviceStatusBatchEvent });
    run = [];
  };
  for (const m of messages) {
    if (m.name !== 'device:status') {
      flush();
      out.push(m);
      continue;
    }
    run.push(m.body as DeviceStatusBatchEvent['items'][number]);
    if (run.length >= max) flush();
  }
  flush();
  return out;
}
