import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientBase } from 'pg';
import {
  historyBucketStart,
  MIGRATIONS_DIR,
  rankQueues,
  readCameraHistory,
  readFireHistory,
  readKpiHistory,
  readQueueHistory,
  readRidership,
  readRidershipBucket,
  readTransitHistory,
  type HistoryRange,
} from '@cityops/db';
import type { HistoryBucket } from '@cityops/contracts';
import { vnDayStart } from './city.ts';

export interface BenchQuery {
  name: string;
  run: (client: ClientBase) => Promise<unknown>;
}

const H = 3_600_000;
const D = 24 * H;

/**
 * The queries the console sends (history API, ranking, ridership, the ridership emitter), each over
 * the range a wall or a report asks for, ending at `until`. Ranges are aligned as the routes align them.
 */
export function consoleQueries(until: number): BenchQuery[] {
  const range = (spanMs: number, bucket: HistoryBucket, areas: string[] | null = null): HistoryRange => {
    const bucketMs = { '5m': 300_000, '1h': H, '1d': D }[bucket];
    return { from: new Date(historyBucketStart(until - spanMs, bucket)), to: new Date(historyBucketStart(until - 1, bucket) + bucketMs), bucket, areas };
  };
  const now = new Date(until);
  // Rush hour of the day before (17–18 h Hà Nội): "the last hour" at the busiest, whatever time the bench runs.
  const rush = vnDayStart(until) - D + 18 * H;
  const lastHour = (bucket: HistoryBucket) => ({ from: new Date(rush - H), to: new Date(rush), bucket, areas: null });
  // Late morning of the day before (10–11 h): the one-stop-shop offices' busy hour.
  const office = vnDayStart(until) - D + 11 * H;
  const fiveAreas = ['A001', 'A002', 'A003', 'A004', 'A005'];
  // Buckets as the routes pick them when none is asked for (about 300 points): 5 h and 24 h → 5m, 7 d → 1h, 30 d → 1d.
  return [
    { name: 'kpi sparklines, 5 h at 5m (page load)', run: (c) => readKpiHistory(c, range(5 * H, '5m'), now) },
    { name: 'cameras, 30 d at 1d, city', run: (c) => readCameraHistory(c, range(30 * D, '1d')) },
    { name: 'cameras, 7 d at 1h, city', run: (c) => readCameraHistory(c, range(7 * D, '1h')) },
    { name: 'transit, 30 d at 1d, city', run: (c) => readTransitHistory(c, range(30 * D, '1d')) },
    { name: 'transit, 24 h at 5m, city', run: (c) => readTransitHistory(c, range(24 * H, '5m')) },
    { name: 'fire, 30 d at 1d, city', run: (c) => readFireHistory(c, range(30 * D, '1d')) },
    { name: 'queues, 24 h at 5m, city', run: (c) => readQueueHistory(c, range(24 * H, '5m')) },
    { name: 'queues, 30 d at 1d, 5 areas', run: (c) => readQueueHistory(c, range(30 * D, '1d', fiveAreas)) },
    { name: 'queue ranking, offices, 30 d', run: (c) => rankQueues(c, { ...range(30 * D, '1h'), level: 'office', by: 'waiting', order: 'desc', limit: 20 }) },
    {
      name: 'queue ranking, areas, office hour',
      run: (c) =>
        rankQueues(c, { from: new Date(office - H), to: new Date(office), bucket: '5m', areas: null, level: 'area', by: 'avgWait', order: 'desc', limit: 20 }),
    },
    { name: 'ridership per route+stop, rush hour', run: (c) => readRidership(c, { ...lastHour('5m'), routes: null, stops: null, limit: 2000 }) },
    { name: 'ridership emitter, one rush bucket', run: (c) => readRidershipBucket(c, new Date(rush - 300_000)) },
  ];
}

/**
 * The raw-scan twin of every rollup: the plain-PostgreSQL views of 0005 and 0010 created in schema
 * `raw` over the same tables, so the same query text answers from the raw rows with
 * `search_path = raw, public`.
 */
export async function createRawViews(client: ClientBase): Promise<void> {
  await client.query('CREATE SCHEMA IF NOT EXISTS raw');
  await client.query('SET search_path TO raw, public');
  try {
    for (const file of ['0005_create_rollups.plain.sql', '0010_create_history_rollups.plain.sql']) {
      await client.query(readFileSync(join(MIGRATIONS_DIR, file), 'utf8'));
    }
  } finally {
    await client.query('SET search_path TO public');
  }
}
