import { describe, expect, it } from 'vitest';
import type { KpiTickEvent } from '@cityops/contracts';
import { KpiHistory } from './history.ts';

const T0 = Date.parse('2026-11-21T02:00:00.000Z');
const tick = (sec: number, openIncidents: number): KpiTickEvent => ({
  sseq: 1,
  at: new Date(T0 + sec * 1000).toISOString(),
  devicesByStatus: {},
  openIncidents,
  messagesPerSecond: 10,
  mttaSec: null,
});

describe('KpiHistory', () => {
  it('keeps the values of every figure, oldest first', () => {
    const h = new KpiHistory(60, 5000);
    h.push(tick(0, 1));
    h.push(tick(5, 2));
    expect(h.series().incidents).toEqual([1, 2]);
    expect(h.series().mtta).toEqual([null, null]);
    expect(h.latest?.openIncidents).toBe(2);
  });

  it('keeps only the last `capacity` ticks', () => {
    const h = new KpiHistory(3, 5000);
    for (let i = 0; i < 5; i++) h.push(tick(i * 5, i));
    expect(h.series().incidents).toEqual([2, 3, 4]);
  });

  it('ignores a tick not newer than the last one, or without a time', () => {
    const h = new KpiHistory(60, 5000);
    expect(h.push(tick(5, 1))).toBe(true);
    expect(h.push(tick(5, 9))).toBe(false);
    expect(h.push(tick(0, 9))).toBe(false);
    expect(h.push({ ...tick(10, 9), at: 'soon' })).toBe(false);
    expect(h.series().incidents).toEqual([1]);
    expect(h.latest?.openIncidents).toBe(1);
  });

  it('leaves a gap for the ticks missed during an outage, never longer than the history', () => {
    const h = new KpiHistory(6, 5000);
    h.push(tick(0, 1));
    h.push(tick(20, 2)); // ticks at 5, 10 and 15 s never arrived
    expect(h.series().incidents).toEqual([1, null, null, null, 2]);
    h.push(tick(3600, 3));
    expect(h.series().incidents).toEqual([null, null, null, null, null, 3]);
  });

  it('tolerates a late tick without inventing a gap', () => {
    const h = new KpiHistory(60, 5000);
    h.push(tick(0, 1));
    h.push(tick(7, 2));
    h.push(tick(9, 3));
    expect(h.series().incidents).toEqual([1, 2, 3]);
  });

  it('hands out copies', () => {
    const h = new KpiHistory(60, 5000);
    h.push(tick(0, 1));
    const before = h.series();
    h.push(tick(5, 2));
    expect(before.incidents).toEqual([1]);
  });
});
