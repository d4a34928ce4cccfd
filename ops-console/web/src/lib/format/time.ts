/** Operators work in Hà Nội time whatever the wall PC's clock zone is set to. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The date's year, month, day, hour, minute and second in Hà Nội, zero-padded (Intl parts by type). */
export function hanoiFields(date: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of parts.formatToParts(date)) out[p.type] = p.value;
  return out;
}

/**
 * Vietnamese style `HH:mm dd/MM/yyyy` (24-hour, day first), built from parts so the output does
 * not depend on the browser's locale data. Today's times drop the date; they are most of the list.
 */
export function formatVnTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const f = hanoiFields(date);
  const n = hanoiFields(now);
  const time = `${f.hour}:${f.minute}`;
  if (f.year === n.year && f.month === n.month && f.day === n.day) return time;
  return `${time} ${f.day}/${f.month}/${f.year}`;
}

/** Full timestamp with seconds, for a `title` tooltip. */
export function formatVnTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const f = hanoiFields(date);
  return `${f.hour}:${f.minute}:${f.second} ${f.day}/${f.month}/${f.year} (GMT+7)`;
}
