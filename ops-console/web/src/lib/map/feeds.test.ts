import { describe, expect, it } from 'vitest';
import { FeedIndex } from './feeds.ts';
import { officeColor, officeRadius, offices } from './queue-layer.ts';
import { ridershipColor, ridershipHexes } from './ridership-layer.ts';
import { ticketColor } from './ticket-layer.ts';

const load = (id: string, waiting: number, at = '2025-06-01T10:00:00Z') => ({
  id,
  waiting,
  serving: 2,
  countersOpen: 3,
  avgWaitSec: 600,
  at,
});
const ridership = (sseq: number, bucket: string, stops: { routeId: string; stopId: string | null; lat: number; lon: number; taps: number }[]) => ({
  sseq,
  bucket,
  bucketSeconds: 60,
  stops,
});

describe('FeedIndex', () => {
  it('keeps the latest load per office and ignores a stale report', () => {
    const f = new FeedIndex();
    expect(f.applyQueueLoad(load('Q1', 5, '2025-06-01T10:01:00Z'))).toBe(true);
    expect(f.applyQueueLoad(load('Q1', 9, '2025-06-01T10:00:00Z'))).toBe(false);
    expect(f.queueLoads.get('Q1')).toMatchObject({ waiting: 5 });
  });

  it('merges the snapshot of latest loads with live reports in either order', () => {
    // Live first, then a snapshot read before that report: the live one stays.
    const f = new FeedIndex();
    f.applyQueueLoad(load('Q1', 7, '2025-06-01T10:05:00Z'));
    for (const l of [load('Q1', 3, '2025-06-01T10:04:00Z'), load('Q2', 1, '2025-06-01T09:00:00Z')]) f.applyQueueLoad(l);
    expect([...f.queueLoads.values()].map((l) => [l.id, l.waiting])).toEqual([
      ['Q1', 7],
      ['Q2', 1],
    ]);
    // Snapshot first, then a newer live report: it replaces the snapshot's.
    expect(f.applyQueueLoad(load('Q2', 4, '2025-06-01T10:06:00Z'))).toBe(true);
    expect(f.queueLoads.get('Q2')?.waiting).toBe(4);
  });

  it('merges the parts of a bucket, keeps the one before it, and ignores older ones', () => {
    const f = new FeedIndex();
    f.applyRidership(ridership(1, '2025-06-01T10:00:00Z', [{ routeId: '01', stopId: 'S1', lat: 21.03, lon: 105.85, taps: 4 }]));
    f.applyRidership(ridership(2, '2025-06-01T10:01:00Z', [{ routeId: '01', stopId: 'S2', lat: 21.03, lon: 105.85, taps: 7 }]));
    f.applyRidership(ridership(3, '2025-06-01T10:01:00Z', [{ routeId: '02', stopId: null, lat: 21.04, lon: 105.86, taps: 1 }]));
    // The closed bucket's complete resend, arriving after the next one began, still counts.
    expect(f.applyRidership(ridership(4, '2025-06-01T10:00:00Z', [{ routeId: '01', stopId: 'S1', lat: 21.03, lon: 105.85, taps: 6 }]))).toBe(true);
    expect(f.applyRidership(ridership(5, '2025-06-01T09:59:00Z', [{ routeId: '09', stopId: 'S9', lat: 21, lon: 105, taps: 99 }]))).toBe(false);
    expect([...f.ridership.stops.values()].map((s) => s.taps).sort()).toEqual([1, 7]);
    expect([...f.previousRidership!.stops.values()].map((s) => s.taps)).toEqual([6]);
  });

  it('views ridership as a sliding window, so the heat does not empty when a bucket starts', () => {
    const f = new FeedIndex();
    f.applyRidership(ridership(1, '2025-06-01T10:00:00Z', [{ routeId: '01', stopId: 'S1', lat: 21.03, lon: 105.85, taps: 10 }]));
    f.applyRidership(ridership(2, '2025-06-01T10:01:00Z', [{ routeId: '01', stopId: 'S2', lat: 21.03, lon: 105.85, taps: 3 }]));
    const view = (at: string) => Object.fromEntries(f.ridershipView(Date.parse(at)).map((s) => [s.stopId, s.taps]));
    expect(view('2025-06-01T10:01:00Z')).toEqual({ S1: 10, S2: 3 });
    expect(view('2025-06-01T10:01:30Z')).toEqual({ S1: 5, S2: 3 });
    expect(view('2025-06-01T10:02:00Z')).toEqual({ S2: 3 });
    // No taps since: the picture fades over the next bucket-length instead of staying forever.
    expect(view('2025-06-01T10:02:30Z')).toEqual({ S2: 2 });
    expect(view('2025-06-01T10:03:00Z')).toEqual({});
    // After a gap, an old bucket is not carried over.
    f.applyRidership(ridership(3, '2025-06-01T10:05:00Z', [{ routeId: '01', stopId: 'S3', lat: 21.03, lon: 105.85, taps: 2 }]));
    expect(view('2025-06-01T10:05:10Z')).toEqual({ S3: 2 });
  });
});

describe('overlay styling', () => {
  it('sizes offices by people waiting, capped, and colours them by wait', () => {
    expect(officeRadius(100)).toBeGreaterThan(officeRadius(10));
    expect(officeRadius(100_000)).toBe(36);
    expect(officeColor(5 * 60)).not.toEqual(officeColor(60 * 60));
  });

  it('places offices at their queue machine and leaves out unknown ones', () => {
    const placed = offices([load('Q1', 3), load('Q404', 1)], (id) => (id === 'Q1' ? { lon: 105.8, lat: 21, area: 'Ba Đình', name: 'UBND' } : undefined));
    expect(placed).toEqual([expect.objectContaining({ id: 'Q1', lon: 105.8, lat: 21, area: 'Ba Đình', waiting: 3 })]);
  });

  it('colours tickets by line', () => {
    const lines = ['1022', '113', '114', '115'].map((l) => ticketColor(l).join());
    expect(new Set(lines).size).toBe(4);
  });

  it('bins ridership into hexagons and ramps colour with taps', () => {
    const hexes = ridershipHexes(
      [
        { routeId: '01', stopId: 'A', lat: 21.03, lon: 105.85, taps: 10 },
        { routeId: '02', stopId: 'B', lat: 21.0301, lon: 105.8501, taps: 5 },
        { routeId: '03', stopId: 'C', lat: 21.1, lon: 105.7, taps: 1 },
      ],
      21.03,
    );
    expect(hexes.map((h) => h.value).sort((a, b) => a - b)).toEqual([1, 15]);
    expect(ridershipColor(15, 15)[0]).toBeGreaterThan(ridershipColor(1, 15)[0]);
  });
});
