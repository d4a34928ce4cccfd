import { describe, expect, it } from 'vitest';
import type { KpiHistoryPoint, KpiTickEvent } from '@cityops/contracts';
import { KpiHistory } from './history.ts';
import { kpiHistoryPath } from './history-load.ts';

const T0 = Date.parse('2026-11-21T02:00:00.000Z');
const MIN = 60_000;
const tick = (ms: number, openIncidents: number): KpiTickEvent => ({
  sseq: 1,
  at: new Date(T0 + ms).toISOString(),
  devicesByStatus: {},
  openIncidents,
  messagesPerSecond: 10,
  mttaSec: null,
});
const point = (min: number, openIncidents: number): KpiHistoryPoint => ({
  bucket: new Date(T0 + min * MIN).toISOString(),
  camerasOnlinePct: 99.5,
  openIncidents,
  mttaSec: 80,
  qrTapsPerMin: 12,
  queueWaiting: 40,
  queueP90WaitSec: 600,
  hotlineCompliancePct: null,
  messagesPerSecond: 7,
});

describe('KpiHistory', () => {
  it('keeps one value per 5-minute slot, the latest tick of the slot winning', () => {
    const h = new KpiHistory(60);
    h.push(tick(0, 1));
    h.push(tick(5_000, 2));
    h.push(tick(5 * MIN, 3));
    expect(h.series().incidents).toEqual([2, 3]);
    expect(h.series().mtta).toEqual([null, null]);
    expect(h.latest?.openIncidents).toBe(3);
  });

  it('starts from the rollups on page load, then the live ticks extend it', () => {
    const h = new KpiHistory(60);
    expect(h.seed([point(0, 4), point(5, 5), point(15, 6)])).toBe(3);
    expect(h.series().incidents).toEqual([4, 5, null, 6]);
    expect(h.series().ingest).toEqual([7, 7, null, 7]);
    h.push(tick(20 * MIN + 3_000, 7));
    expect(h.series().incidents).toEqual([4, 5, null, 6, 7]);
  });

  it('keeps a live value over the rollup of the same slot when the history arrives late', () => {
    const h = new KpiHistory(60);
    h.push(tick(10 * MIN + 1_000, 9));
    h.seed([point(5, 5), point(10, 8)]);
    expect(h.series().incidents).toEqual([5, 9]);
  });

  it('keeps only the last `capacity` slots, and gaps for slots never filled', () => {
    const h = new KpiHistory(3);
    for (let i = 0; i < 5; i++) h.push(tick(i * 5 * MIN, i));
    expect(h.series().incidents).toEqual([2, 3, 4]);
    h.push(tick(30 * MIN, 9));
    expect(h.series().incidents).toEqual([4, null, 9]);
    h.push(tick(60 * MIN, 1)); // all older slots fell out: the line starts again at the right edge
    expect(h.series().incidents).toEqual([1]);
  });

  it('ignores a tick not newer than the last one, or without a time', () => {
    const h = new KpiHistory(60);
    expect(h.push(tick(5_000, 1))).toBe(true);
    expect(h.push(tick(5_000, 9))).toBe(false);
    expect(h.push(tick(0, 9))).toBe(false);
    expect(h.push({ ...tick(10_000, 9), at: 'soon' })).toBe(false);
    expect(h.series().incidents).toEqual([1]);
  });

  it('hands out copies', () => {
    const h = new KpiHistory(60);
    h.push(tick(0, 1));
    const before = h.series();
    h.push(tick(5 * MIN, 2));
    expect(before.incidents).toEqual([1]);
  });
});

describe('kpiHistoryPath', () => {
  it('asks for the last 60 five-minute buckets ending with the current one', () => {
    expect(kpiHistoryPath(Date.parse('2026-11-21T10:07:30Z'))).toBe(`/api/history/kpi?bucket=5m&from=${encodeURIComponent('2026-11-21T05:10:00.000Z')}`);
  });
});
