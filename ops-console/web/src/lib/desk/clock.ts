import { TIME_ZONE } from '../format/time.ts';

const clock = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** `HH:mm:ss` in Hà Nội time, for the wall's clock. */
export function clockText(date: Date): string {
  return Number.isNaN(date.getTime()) ? '—' : clock.format(date);
}
