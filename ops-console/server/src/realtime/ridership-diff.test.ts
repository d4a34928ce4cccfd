import { describe, expect, it } from 'vitest';
import { changedStops, recordSent, ridershipBucketOf, ridershipEvents, type RidershipStop } from './ridership-diff.ts';

const stop = (routeId: string, stopId: string | null, taps: number): RidershipStop => ({ routeId, stopId, lat: 21, lon: 105.8, taps });

describe('ridership refresh', () => {
  it('sends every stop the first time, then only those whose count changed once they are recorded', () => {
    const sent = new Map<string, number>();
    const first = [stop('R1', 'S1', 2), stop('R1', null, 1)];
    expect(changedStops(sent, first)).toEqual(first);
    expect(changedStops(sent, first)).toEqual(first); // nothing recorded yet: a failed write is retried
    recordSent(sent, first);
    expect(changedStops(sent, [stop('R1', 'S1', 2), stop('R1', null, 3), stop('R2', 'S9', 1)])).toEqual([stop('R1', null, 3), stop('R2', 'S9', 1)]);
  });

  it('splits a large bucket into parts', () => {
    const stops = Array.from({ length: 5 }, (_, i) => stop('R1', `S${i}`, i));
    const events = ridershipEvents(Date.parse('2026-11-21T10:05:00Z'), stops, 2);
    expect(events.map((e) => e.stops.length)).toEqual([2, 2, 1]);
    expect(events[0]).toMatchObject({ bucket: '2026-11-21T10:05:00.000Z', bucketSeconds: 300 });
    expect(ridershipEvents(0, [], 2)).toEqual([]);
  });

  it('buckets on the 5-minute grid', () => {
    expect(new Date(ridershipBucketOf(Date.parse('2026-11-21T10:09:59.999Z'))).toISOString()).toBe('2026-11-21T10:05:00.000Z');
  });
});
