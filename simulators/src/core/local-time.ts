/**
 * Wall-clock helpers for Asia/Ho_Chi_Minh. Vietnam has kept UTC+7 without daylight saving since
 * 1975, so a fixed offset is exact and needs no Intl time-zone data.
 */
export const VN_OFFSET_MS = 7 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** Hour of the local day as a fraction: 16:30 → 16.5. */
export function localHour(nowMs: number): number {
  const msOfDay = (((nowMs + VN_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return msOfDay / 3600_000;
}

/** Local day of the week, 0 = Sunday … 6 = Saturday. */
export function localWeekday(nowMs: number): number {
  return new Date(nowMs + VN_OFFSET_MS).getUTCDay();
}

/** A number naming the local calendar day; changes at local midnight. */
export function localDayNumber(nowMs: number): number {
  return Math.floor((nowMs + VN_OFFSET_MS) / DAY_MS);
}

/** Epoch ms of the local midnight that starts the day containing `nowMs`. */
export function localMidnight(nowMs: number): number {
  return localDayNumber(nowMs) * DAY_MS - VN_OFFSET_MS;
}

/** Epoch ms of a local wall time, e.g. vnTime('2026-11-23', 8) → 08:00 in Hanoi that day. */
export function vnTime(isoDate: string, hour: number, minute = 0): number {
  return Date.parse(`${isoDate}T00:00:00Z`) - VN_OFFSET_MS + (hour * 60 + minute) * 60_000;
}

/** Piecewise-linear curve through (hour, value) knots, flat before the first and after the last. */
export function interpolate(knots: readonly (readonly [number, number])[], hour: number): number {
  const first = knots[0];
  if (!first) return 0;
  if (hour <= first[0]) return first[1];
  for (let i = 1; i < knots.length; i++) {
    const [h1, v1] = knots[i] as readonly [number, number];
    const [h0, v0] = knots[i - 1] as readonly [number, number];
    if (hour <= h1) return h1 === h0 ? v1 : v0 + ((v1 - v0) * (hour - h0)) / (h1 - h0);
  }
  return (knots[knots.length - 1] as readonly [number, number])[1];
}
