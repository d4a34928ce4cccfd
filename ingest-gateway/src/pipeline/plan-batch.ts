import type { DecodeResult, FireReceipt, IngestRejectCode, Rejection, Telemetry } from '@cityops/contracts';
import { devicePublishPrefix, deviceIdOfTopic } from '@cityops/contracts';
import type { IngestRegistryEntry, NewDeadLetter, StatusUpdate, StoredTelemetry } from '@cityops/db';
import { messageKey, storedBody } from '@cityops/db';
import { deriveStatus } from './device-status.ts';

/** One received publish after decoding, before it is written. */
export interface Received {
  topic: string;
  payload: Uint8Array;
  decoded: DecodeResult;
}

export type RegistryEntry = IngestRegistryEntry;

export interface DeviceReceipt {
  deviceId: string;
  receipt: FireReceipt;
}

/** What a batch asks of the database, decided before it is asked. */
export interface BatchPlan {
  /** Rows to insert, one per identity (deviceId, seq, ts). */
  rows: StoredTelemetry[];
  /** The message each row came from, for a dead letter should the row turn out to conflict. */
  sources: Map<StoredTelemetry, Received>;
  deadLetters: NewDeadLetter[];
  /** Messages that repeat a row of this batch word for word: stored once, acknowledged each. */
  repeats: StoredTelemetry[];
  /** Receipts of messages refused before the database (fire panels only). */
  receipts: DeviceReceipt[];
}

/** What a batch did once the database answered. */
export interface BatchOutcome {
  /** Rows stored for the first time. */
  fresh: StoredTelemetry[];
  /** Messages already stored with the same body (redeliveries), in-batch repeats included. */
  duplicates: number;
  deadLetters: NewDeadLetter[];
  /** Latest status per device, from fresh rows only: a duplicate or a conflict changes nothing. */
  statusUpdates: StatusUpdate[];
  receipts: DeviceReceipt[];
}

export function deadLetterOf(r: Received, reason: IngestRejectCode, detail: string, seq?: number): NewDeadLetter {
  return { deviceId: deviceIdOfTopic(r.topic), topic: r.topic, payload: r.payload, reason, detail, seq };
}

/** The receipt a fire panel gets for a refused message, when its topic and seq are known. */
export function rejectedReceipt(r: Received, reason: IngestRejectCode, seq: number | undefined): DeviceReceipt[] {
  const deviceId = deviceIdOfTopic(r.topic);
  const isFire = r.topic.startsWith(devicePublishPrefix('fire', deviceId ?? ''));
  return deviceId !== null && isFire && seq !== undefined ? [{ deviceId, receipt: { seq, status: 'rejected', reason } }] : [];
}

function refuse(plan: BatchPlan, r: Received, rej: Rejection): void {
  plan.deadLetters.push(deadLetterOf(r, rej.reason, rej.detail, rej.seq));
  plan.receipts.push(...rejectedReceipt(r, rej.reason, rej.seq));
}

/**
 * Pure: turns a batch of received messages into what must be written. Never throws on bad input:
 * every message ends as a row, a repeat of a row, or a dead letter.
 */
export function planBatch(batch: readonly Received[], registry: ReadonlyMap<string, RegistryEntry | null>): BatchPlan {
  const plan: BatchPlan = { rows: [], sources: new Map(), deadLetters: [], repeats: [], receipts: [] };
  // A row's stored body is worked out only when its identity comes again within the batch: rare,
  // and a JSON encoding per message was a tenth of the write path's CPU.
  const byIdentity = new Map<string, { row: StoredTelemetry; body?: string }>();
  for (const r of batch) {
    if (!r.decoded.ok) {
      refuse(plan, r, r.decoded);
      continue;
    }
    const m = r.decoded.value;
    const device = registry.get(m.deviceId);
    if (!device || device.revoked) {
      refuse(plan, r, { reason: 'CITYOPS_INGEST_DEVICE_UNKNOWN', detail: `device ${m.deviceId} is not registered or revoked`, seq: m.seq });
      continue;
    }
    if (device.kind !== m.kind) {
      refuse(plan, r, { reason: 'CITYOPS_INGEST_KIND_MISMATCH', detail: `device ${m.deviceId} is a ${device.kind}, not a ${m.kind}`, seq: m.seq });
      continue;
    }
    const row = { ...m, area: device.area } as StoredTelemetry;
    const key = messageKey(m.deviceId, m.seq, m.tsMs);
    const first = byIdentity.get(key);
    if (!first) {
      byIdentity.set(key, { row });
      plan.rows.push(row);
      plan.sources.set(row, r);
    } else if ((first.body ??= storedBody(first.row)) === storedBody(row)) {
      plan.repeats.push(row);
    } else {
      refuse(plan, r, {
        reason: 'CITYOPS_INGEST_DUPLICATE_CONFLICT',
        detail: `seq ${m.seq} at ${new Date(m.tsMs).toISOString()} arrived twice in one batch with different bodies`,
        seq: m.seq,
      });
    }
  }
  return plan;
}

/**
 * Pure: what a batch did, given which rows were new (`fresh`) and which of the others are stored
 * with a different body (`conflicts`). Only fresh rows move a device's status; a conflict is
 * dead-lettered and refused; a plain redelivery is acknowledged again.
 */
export function settleBatch(plan: BatchPlan, fresh: readonly StoredTelemetry[], conflicts: readonly StoredTelemetry[]): BatchOutcome {
  const freshSet = new Set(fresh);
  const conflictSet = new Set(conflicts);
  const outcome: BatchOutcome = {
    fresh: [...fresh],
    duplicates: plan.repeats.length,
    deadLetters: [...plan.deadLetters],
    statusUpdates: [],
    receipts: [...plan.receipts],
  };
  for (const row of plan.rows) {
    if (conflictSet.has(row)) {
      const source = plan.sources.get(row)!;
      outcome.deadLetters.push(
        deadLetterOf(
          source,
          'CITYOPS_INGEST_DUPLICATE_CONFLICT',
          `seq ${row.seq} at ${new Date(row.tsMs).toISOString()} is stored with a different body`,
          row.seq,
        ),
      );
      outcome.receipts.push(...rejectedReceipt(source, 'CITYOPS_INGEST_DUPLICATE_CONFLICT', row.seq));
      continue;
    }
    if (!freshSet.has(row)) outcome.duplicates += 1;
    if (row.kind === 'fire') outcome.receipts.push({ deviceId: row.deviceId, receipt: { seq: row.seq, status: 'ack' } });
  }
  for (const row of plan.repeats) if (row.kind === 'fire') outcome.receipts.push({ deviceId: row.deviceId, receipt: { seq: row.seq, status: 'ack' } });
  outcome.statusUpdates = latestStatuses(fresh);
  return outcome;
}

/**
 * One update per device: the newest message wins; a status-less message (a fire-panel heartbeat)
 * only proves the device alive and never hides an earlier status-bearing one.
 */
export function latestStatuses(rows: readonly Telemetry[]): StatusUpdate[] {
  const latest = new Map<string, StatusUpdate>();
  for (const m of rows) {
    const status = deriveStatus(m);
    const prev = latest.get(m.deviceId);
    if (!prev) latest.set(m.deviceId, { id: m.deviceId, status, seenAt: new Date(m.tsMs), seq: m.seq });
    else if (m.tsMs >= prev.seenAt.getTime()) {
      latest.set(m.deviceId, { id: m.deviceId, status: status ?? prev.status, seenAt: new Date(m.tsMs), seq: Math.max(m.seq, prev.seq) });
    } else if (prev.status === null && status !== null) {
      latest.set(m.deviceId, { ...prev, status });
    }
  }
  return [...latest.values()];
}
