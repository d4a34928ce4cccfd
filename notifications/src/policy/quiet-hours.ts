import type { QuietHours } from '@cityops/contracts';

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When a notification decided at `at` may go out under quiet hours: `at` itself outside them, else
 * the moment they end. Times are the center's local clock, a fixed offset from UTC (Vietnam keeps
 * UTC+7 all year, so no daylight-saving gaps to handle). `from` after `to` crosses midnight.
 */
export function releaseTime(at: Date, quiet: QuietHours, utcOffsetMinutes: number): Date {
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return at;
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const inside = from < to ? minute >= from && minute < to : minute >= from || minute < to;
  if (!inside) return at;
  const dayStart = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  let end = dayStart + to * 60_000;
  if (end <= local.getTime()) end += 86_400_000;
  return new Date(end - utcOffsetMinutes * 60_000);
}
