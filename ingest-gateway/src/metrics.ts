import type { CommitResult } from './ingest/batch-writer.ts';

/** Counters the console exports on /metrics; plain numbers, so tests and bench can read them. */
export class GatewayMetrics {
  received = 0;
  /** Received with the DUP flag: resent by the broker after a connection ended before our PUBACK. */
  redelivered = 0;
  stored = 0;
  duplicates = 0;
  deadLettered = 0;
  deadLettersByReason: Record<string, number> = {};
  /** Messages the database refused even as dead letters while it answered: logged whole, acknowledged. */
  setAside = 0;
  batches = 0;
  lastBatchSize = 0;
  batchMsTotal = 0;

  observeBatch(size: number, ms: number): void {
    this.batches += 1;
    this.lastBatchSize = size;
    this.batchMsTotal += ms;
  }

  countCommitted(r: CommitResult): void {
    this.stored += r.fresh.length;
    this.duplicates += r.duplicates;
    this.deadLettered += r.deadLetters.length;
    this.setAside += r.setAside.length;
    for (const d of r.deadLetters) this.deadLettersByReason[d.reason] = (this.deadLettersByReason[d.reason] ?? 0) + 1;
  }
}
