import type { DecodeResult, FireReceipt, Rejection, Telemetry } from '@cityops/contracts';
import { parseTopic } from '@cityops/contracts';
import type { NewDeadLetter, StatusUpdate, StoredTelemetry } from '@cityops/db';
import { deriveStatus } from './device-status.ts';

/** One received publish after decoding, before it is written. */
export interface Received {
  topic: string;
  payload: Uint8Array;
  decoded: DecodeResult;
}

export interface RegistryEntry {
  kind: Telemetry['kind'];
  area: string | null;
  revoked: boolean;
}

export interface BatchPlan {
  rows: StoredTelemetry[];
  deadLetters: NewDeadLetter[];
  statusUpdates: StatusUpdate[];
  /** Receipts to publish once the batch is committed (contract §2: fire-event receipt). */
  receipts: { deviceId: string; receipt: FireReceipt }[];
}

function rejection(r: Received, rej: Rejection): NewDeadLetter {
  const parsed = parseTopic(r.topic);
  return { deviceId: parsed.ok ? parsed.deviceId : null, topic: r.topic, payload: r.payload, reason: rej.reason, detail: rej.detail, seq: rej.seq };
}

/**
 * Pure: turns a batch of received messages into what must be written and acknowledged.
 * Never throws on bad input: every message ends as a row or a dead letter.
 */
export function planBatch(batch: readonly Received[], registry: ReadonlyMap<string, RegistryEntry | null>): BatchPlan {
  const plan: BatchPlan = { rows: [], deadLetters: [], statusUpdates: [], receipts: [] };
  const latest = new Map<string, StatusUpdate & { status: StatusUpdate['status'] }>();
  for (const r of batch) {
    let rej: Rejection | null = r.decoded.ok ? null : r.decoded;
    let m: Telemetry | null = r.decoded.ok ? r.decoded.value : null;
    if (m) {
      const device = registry.get(m.deviceId);
      if (!device || device.revoked) rej = { reason: 'CITYOPS_INGEST_DEVICE_UNKNOWN', detail: `device ${m.deviceId} is not registered or revoked`, seq: m.seq };
      else if (device.kind !== m.kind) rej = { reason: 'CITYOPS_INGEST_KIND_MISMATCH', detail: `device ${m.deviceId} is a ${device.kind}, not a ${m.kind}`, seq: m.seq };
      if (rej) m = null;
      else plan.rows.push({ ...m!, area: device!.area } as StoredTelemetry);
    }
    if (rej) {
      const dl = rejection(r, rej);
      plan.deadLetters.push(dl);
      const parsed = parseTopic(r.topic);
      if (parsed.ok && parsed.kind === 'fire' && rej.seq !== undefined) {
        plan.receipts.push({ deviceId: parsed.deviceId, receipt: { seq: rej.seq, status: 'rejected', reason: rej.reason } });
      }
      continue;
    }
    if (!m) continue;
    if (m.kind === 'fire') plan.receipts.push({ deviceId: m.deviceId, receipt: { seq: m.seq, status: 'ack' } });
    const status = deriveStatus(m);
    const prev = latest.get(m.deviceId);
    // One update per device per batch: the newest message wins; a status-less heartbeat never
    // hides an earlier status-bearing message of the same batch.
    if (!prev) latest.set(m.deviceId, { id: m.deviceId, status, seenAt: new Date(m.tsMs), seq: m.seq });
    else if (m.tsMs >= prev.seenAt.getTime()) {
      latest.set(m.deviceId, { id: m.deviceId, status: status ?? prev.status, seenAt: new Date(m.tsMs), seq: Math.max(m.seq, prev.seq) });
    }
  }
  plan.statusUpdates = [...latest.values()];
  return plan;
}
