import type { MetricFamily } from '@cityops/contracts';
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

  /** What this gateway counts, for /metrics; `pending` is what it holds uncommitted right now. */
  families(pending: number): MetricFamily[] {
    return [
      { name: 'cityops_ingest_received_total', type: 'counter', help: 'MQTT messages received by the gateway', samples: [{ value: this.received }] },
      { name: 'cityops_ingest_stored_total', type: 'counter', help: 'Messages stored for the first time', samples: [{ value: this.stored }] },
      {
        name: 'cityops_ingest_duplicates_total',
        type: 'counter',
        help: 'Redelivered messages recognised as already stored',
        samples: [{ value: this.duplicates }],
      },
      {
        name: 'cityops_ingest_dead_letters_total',
        type: 'counter',
        help: 'Messages dead-lettered, by reason',
        samples: Object.entries(this.deadLettersByReason).map(([reason, value]) => ({ labels: { reason }, value })),
      },
      { name: 'cityops_ingest_batches_total', type: 'counter', help: 'Batches committed', samples: [{ value: this.batches }] },
      {
        name: 'cityops_ingest_set_aside_total',
        type: 'counter',
        help: 'Messages the database refused even as dead letters (logged whole, acknowledged)',
        samples: [{ value: this.setAside }],
      },
      { name: 'cityops_ingest_pending', type: 'gauge', help: 'Messages received and not yet committed', samples: [{ value: pending }] },
    ];
  }
}
