import { Histogram, type MetricFamily } from '@cityops/contracts';
import type { CommitResult } from './ingest/batch-writer.ts';

const LANES = [{ lane: 'fire' }, { lane: 'telemetry' }];
const BATCH_SIZE_BUCKETS = [1, 5, 20, 50, 100, 200, 500, 1000, 2000, 5000];
const COMMIT_SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

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
  /** Whether each lane's MQTT connection is up, read when /metrics is asked (set by the gateway). */
  lanesConnected: () => Record<string, boolean> = () => ({});
  readonly batchSize = new Histogram('cityops_ingest_batch_size', 'Messages per committed batch, by lane', BATCH_SIZE_BUCKETS, LANES);
  readonly commitSeconds = new Histogram(
    'cityops_ingest_commit_seconds',
    'Time to write and commit one batch (its transaction), by lane',
    COMMIT_SECONDS_BUCKETS,
    LANES,
  );

  observeBatch(lane: string, size: number, ms: number): void {
    this.batches += 1;
    this.lastBatchSize = size;
    this.batchMsTotal += ms;
    this.batchSize.observe(size, { lane });
    this.commitSeconds.observe(ms / 1000, { lane });
  }

  /** Stored rows by device kind. */
  readonly storedByKind: Record<string, number> = { camera: 0, fire: 0, transit: 0, queue: 0 };

  countCommitted(r: CommitResult): void {
    this.stored += r.fresh.length;
    for (const row of r.fresh) this.storedByKind[row.kind] = (this.storedByKind[row.kind] ?? 0) + 1;
    this.duplicates += r.duplicates;
    this.deadLettered += r.deadLetters.length;
    this.setAside += r.setAside.length;
    for (const d of r.deadLetters) this.deadLettersByReason[d.reason] = (this.deadLettersByReason[d.reason] ?? 0) + 1;
  }

  /** What this gateway counts, for /metrics; `pending` is what it holds uncommitted right now. */
  families(pending: number): MetricFamily[] {
    return [
      { name: 'cityops_ingest_received_total', type: 'counter', help: 'MQTT messages received by the gateway', samples: [{ value: this.received }] },
      {
        name: 'cityops_ingest_stored_total',
        type: 'counter',
        help: 'Messages stored for the first time, by device kind',
        samples: Object.entries(this.storedByKind).map(([kind, value]) => ({ labels: { kind }, value })),
      },
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
      this.batchSize.family(),
      this.commitSeconds.family(),
      {
        name: 'cityops_ingest_mqtt_connected',
        type: 'gauge',
        help: 'Whether each ingest lane is connected to the MQTT broker (1) or not (0)',
        samples: Object.entries(this.lanesConnected()).map(([lane, up]) => ({ labels: { lane }, value: up ? 1 : 0 })),
      },
    ];
  }
}
