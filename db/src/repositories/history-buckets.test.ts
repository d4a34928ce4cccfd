import { describe, expect, it } from 'vitest';
import { defaultHistoryBucket, historyBucketStart, rollupFor } from './history-buckets.ts';

describe('history buckets', () => {
  it('map each stream and width to its rollup', () => {
    expect(rollupFor('cameras', '5m')).toBe('camera_status_5m');
    expect(rollupFor('queues', '1h')).toBe('queue_loads_1h');
    expect(rollupFor('transit', '1d')).toBe('transit_taps_1d');
    expect(rollupFor('fire', '1d')).toBe('fire_events_1d');
  });

  it('start 5m and 1h buckets on the UTC grid and days at Hà Nội midnight (17:00 UTC)', () => {
    const t = Date.parse('2026-11-21T16:59:59.999Z'); // 23:59:59 in Hà Nội
    expect(new Date(historyBucketStart(t, '5m')).toISOString()).toBe('2026-11-21T16:55:00.000Z');
    expect(new Date(historyBucketStart(t, '1h')).toISOString()).toBe('2026-11-21T16:00:00.000Z');
    expect(new Date(historyBucketStart(t, '1d')).toISOString()).toBe('2026-11-20T17:00:00.000Z');
    expect(new Date(historyBucketStart(t + 1, '1d')).toISOString()).toBe('2026-11-21T17:00:00.000Z');
  });

  it('default to the narrowest width within the bucket budget', () => {
    const H = 3_600_000;
    expect(defaultHistoryBucket(24 * H, 300)).toBe('5m');
    expect(defaultHistoryBucket(26 * H, 300)).toBe('1h');
    expect(defaultHistoryBucket(12 * 24 * H, 300)).toBe('1h');
    expect(defaultHistoryBucket(13 * 24 * H, 300)).toBe('1d');
  });
});
