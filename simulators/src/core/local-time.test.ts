import { describe, expect, it } from 'vitest';
import { interpolate, localDayNumber, localHour, localMidnight, localWeekday, vnTime } from './local-time.ts';

describe('Hanoi local time', () => {
  it('is UTC+7 all year (no daylight saving)', () => {
    expect(localHour(Date.parse('2026-01-15T01:00:00Z'))).toBe(8);
    expect(localHour(Date.parse('2026-07-15T01:00:00Z'))).toBe(8);
    expect(localHour(Date.parse('2026-07-15T09:30:00Z'))).toBe(16.5);
  });

  it('turns the day at local midnight, not at UTC midnight', () => {
    const lateUtc = Date.parse('2026-11-22T18:00:00Z'); // 01:00 on Monday 23 Nov in Hanoi
    expect(localWeekday(lateUtc)).toBe(1);
    expect(localDayNumber(lateUtc)).toBe(localDayNumber(vnTime('2026-11-23', 12)));
    expect(localMidnight(lateUtc)).toBe(vnTime('2026-11-23', 0));
  });

  it('builds local wall times', () => {
    expect(new Date(vnTime('2026-11-23', 8, 30)).toISOString()).toBe('2026-11-23T01:30:00.000Z');
  });

  it('interpolates daily curves between knots and holds the ends', () => {
    const knots = [
      [7, 0],
      [8, 100],
      [9, 50],
    ] as const;
    expect(interpolate(knots, 6)).toBe(0);
    expect(interpolate(knots, 7.5)).toBe(50);
    expect(interpolate(knots, 8.5)).toBe(75);
    expect(interpolate(knots, 23)).toBe(50);
  });
});
