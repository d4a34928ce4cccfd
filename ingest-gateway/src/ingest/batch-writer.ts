import type { Pool, PoolClient, StatusChange } from '@cityops/db';
import {
  appendEvents,
  findConflictingTelemetry,
  insertDeadLetters,
  insertTelemetry,
  resolveIngestRegistry,
  updateDeviceStatuses,
  withTransaction,
} from '@cityops/db';
import { planBatch, settleBatch, deadLetterOf, rejectedReceipt, type BatchOutcome, type Received } from '../pipeline/plan-batch.ts';
import { eventsFor } from '../pipeline/log-events.ts';
import { writeNarrowing, type NarrowingStore } from './narrow-failures.ts';

export interface CommitResult extends BatchOutcome {
  statusChanges: StatusChange[];
  /** Messages that could not be stored even as dead letters while the database answered. */
  setAside: Received[];
}

const EMPTY: CommitResult = { fresh: [], duplicates: 0, deadLetters: [], statusUpdates: [], receipts: [], statusChanges: [], setAside: [] };

/**
 * One transaction per batch: the registry as of now (a revocation committed before this
 * transaction refuses the device's messages), rows, conflicts, dead letters, device status and the
 * event log, so what other processes see is exactly what was stored.
 */
async function commitBatch(db: PoolClient, batch: readonly Received[]): Promise<CommitResult> {
  const ids = batch.flatMap((r) => (r.decoded.ok ? [r.decoded.value.deviceId] : []));
  const plan = planBatch(batch, await resolveIngestRegistry(db, ids));
  const fresh = await insertTelemetry(db, plan.rows);
  const freshSet = new Set(fresh);
  const stale = plan.rows.filter((row) => !freshSet.has(row));
  const conflicts = stale.length > 0 ? await findConflictingTelemetry(db, stale) : [];
  const outcome = settleBatch(plan, fresh, conflicts);
  await insertDeadLetters(db, outcome.deadLetters);
  const statusChanges = await updateDeviceStatuses(db, outcome.statusUpdates);
  await appendEvents(db, eventsFor(outcome.fresh, statusChanges));
  return { ...outcome, statusChanges, setAside: [] };
}

function errorDetail(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  return `${typeof e?.code === 'string' ? `${e.code}: ` : ''}${typeof e?.message === 'string' ? e.message : String(err)}`.slice(0, 300);
}

export function mergeResults(results: readonly CommitResult[]): CommitResult {
  return results.reduce(
    (a, b) => ({
      fresh: [...a.fresh, ...b.fresh],
      duplicates: a.duplicates + b.duplicates,
      deadLetters: [...a.deadLetters, ...b.deadLetters],
      statusUpdates: [...a.statusUpdates, ...b.statusUpdates],
      receipts: [...a.receipts, ...b.receipts],
      statusChanges: [...a.statusChanges, ...b.statusChanges],
      setAside: [...a.setAside, ...b.setAside],
    }),
    EMPTY,
  );
}

/** Whether the database answers at all, within `timeoutMs`. */
export async function databaseAnswers(pool: Pool, timeoutMs = 3000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([pool.query('SELECT 1'), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no answer')), timeoutMs)))]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The gateway's store: batches in transactions, narrowed to the message when a batch fails. */
export function ingestStore(pool: Pool): NarrowingStore<Received, CommitResult> {
  return {
    commit: (messages) => withTransaction(pool, (db) => commitBatch(db, messages)),
    commitRefused: (r, err) =>
      withTransaction(pool, async (db) => {
        const seq = r.decoded.ok ? r.decoded.value.seq : r.decoded.seq;
        const deadLetters = [deadLetterOf(r, 'CITYOPS_INGEST_STORE_REFUSED', errorDetail(err), seq)];
        await insertDeadLetters(db, deadLetters);
        return { ...EMPTY, deadLetters, receipts: rejectedReceipt(r, 'CITYOPS_INGEST_STORE_REFUSED', seq) };
      }),
    setAside: (r) => {
      const seq = r.decoded.ok ? r.decoded.value.seq : r.decoded.seq;
      return { ...EMPTY, setAside: [r], receipts: rejectedReceipt(r, 'CITYOPS_INGEST_STORE_REFUSED', seq) };
    },
    reachable: () => databaseAnswers(pool),
    merge: mergeResults,
  };
}

/** Writes a batch; one message the database refuses is dead-lettered alone (narrow-failures.ts). */
export function writeBatch(pool: Pool, batch: readonly Received[], store = ingestStore(pool)): Promise<CommitResult> {
  return writeNarrowing(store, batch);
}
