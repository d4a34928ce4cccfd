import { interpolate, localHour, localWeekday } from '../core/local-time.ts';

/**
 * Daily rhythms in Asia/Ho_Chi_Minh local time, as (hour, value) knots. The shapes are sample
 * assumptions (rush hours 07–09 and 16:30–19, offices 07:30–17:00), not measured data.
 */

/** QR taps per hour at one bus reader on a weekday: no service from 22:30 to 05:00. */
const WEEKDAY_TAPS: readonly (readonly [number, number])[] = [
  [4.99, 0],
  [5, 10],
  [6, 50],
  [7, 150],
  [7.5, 180],
  [8.75, 180],
  [9, 110],
  [9.5, 60],
  [16, 60],
  [16.5, 130],
  [17, 165],
  [18.75, 165],
  [19, 100],
  [20, 50],
  [21, 30],
  [22, 12],
  [22.5, 0],
];
/** Weekends: later start, no commuter peaks, a long afternoon hump. */
const WEEKEND_TAPS: readonly (readonly [number, number])[] = [
  [5.49, 0],
  [5.5, 8],
  [7, 30],
  [9, 60],
  [12, 70],
  [17, 80],
  [20, 50],
  [22, 12],
  [22.5, 0],
];

export type TransitMode = 'bus' | 'brt' | 'metro';

/** Station gates see more riders than one bus's validator. */
const MODE_FACTOR: Readonly<Record<TransitMode, number>> = { bus: 1, brt: 1.2, metro: 1.5 };

/** The highest rate any reader of the mode reaches: the envelope used for thinning. */
export function peakTapsPerHour(mode: TransitMode): number {
  return 180 * MODE_FACTOR[mode];
}

export function tapsPerHour(now: number, mode: TransitMode): number {
  const day = localWeekday(now);
  const knots = day === 0 || day === 6 ? WEEKEND_TAPS : WEEKDAY_TAPS;
  return interpolate(knots, localHour(now)) * MODE_FACTOR[mode];
}

/**
 * One-stop-shop hours: Monday–Friday 07:30–17:00, Saturday morning 07:30–11:30, closed Sunday.
 * (Sample hours; offices publish their own.)
 */
export function isOfficeOpen(now: number): boolean {
  const day = localWeekday(now);
  const h = localHour(now);
  if (day >= 1 && day <= 5) return h >= 7.5 && h < 17;
  if (day === 6) return h >= 7.5 && h < 11.5;
  return false;
}

/** Staggered lunch breaks: about half the counters stay open 11:30–13:00. */
export function counterShare(now: number): number {
  const h = localHour(now);
  return h >= 11.5 && h < 13 ? 0.5 : 1;
}

/**
 * Arrivals as a share of the office's service capacity. Above 1 in the 08–11 peak, so queues build
 * in the morning and drain at lunch.
 */
const ARRIVALS: readonly (readonly [number, number])[] = [
  [7.5, 0.9],
  [8, 1.1],
  [10.75, 1.1],
  [11, 0.7],
  [11.5, 0.3],
  [13, 0.3],
  [13.5, 0.6],
  [15, 0.65],
  [16, 0.4],
  [16.75, 0.15],
  [17, 0],
];

export function arrivalShare(now: number): number {
  if (!isOfficeOpen(now)) return 0;
  const saturday = localWeekday(now) === 6 ? 0.7 : 1;
  return interpolate(ARRIVALS, localHour(now)) * saturday;
}
