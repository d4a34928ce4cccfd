import { interpolate, localHour, localWeekday } from '../core/local-time.ts';
import type { Hotline } from '@cityops/contracts';

/**
 * When citizens call, in Asia/Ho_Chi_Minh local time, as a share of the day's peak hour: almost
 * nobody between midnight and 05:00, a morning peak 08–11 (people on their way and at work), a lull
 * at lunch, a late-afternoon peak 15:30–18:00, then a slow fall. Sample shape, not measured data.
 */
const WEEKDAY: readonly (readonly [number, number])[] = [
  [0, 0.06],
  [2, 0.03],
  [5, 0.05],
  [6.5, 0.3],
  [8, 0.85],
  [9.5, 1],
  [11, 0.8],
  [12, 0.45],
  [13.5, 0.5],
  [15.5, 0.8],
  [17, 0.95],
  [18, 0.75],
  [20, 0.45],
  [22, 0.2],
  [24, 0.06],
];
/** Weekends: a later start and a flatter day. */
const WEEKEND: readonly (readonly [number, number])[] = [
  [0, 0.08],
  [2, 0.04],
  [6, 0.08],
  [8, 0.4],
  [10, 0.65],
  [12, 0.5],
  [16, 0.6],
  [18, 0.55],
  [21, 0.3],
  [24, 0.08],
];

/**
 * Calls a day on each line at rate 1. HCMC's 1022 takes a few thousand reports a month (domain.md),
 * about 150 a day; the emergency-line figures are only the share the operations center sees as
 * tickets (sample).
 */
export const DAILY_CALLS: Readonly<Record<Hotline, number>> = { '1022': 150, '113': 12, '114': 4, '115': 8 };

/** The integral of WEEKDAY over 24 h, in peak-hours: turns a daily total into a peak hourly rate. */
const WEEKDAY_PEAK_HOURS = 10.98;

/** Share of the peak at this instant (0…1). */
export function callShare(now: number): number {
  const day = localWeekday(now);
  return interpolate(day === 0 || day === 6 ? WEEKEND : WEEKDAY, localHour(now));
}

/** Expected calls per hour on `line` at `now`, times `rate`. */
export function callsPerHour(line: Hotline, now: number, rate = 1): number {
  return (DAILY_CALLS[line] / WEEKDAY_PEAK_HOURS) * callShare(now) * rate;
}

/** The highest hourly rate of all lines together: the envelope for thinning. */
export function peakCallsPerHour(rate = 1): number {
  return (Object.values(DAILY_CALLS).reduce((a, b) => a + b, 0) / WEEKDAY_PEAK_HOURS) * rate;
}
