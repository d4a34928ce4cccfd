import { hanoiFields } from '../format/time.ts';

/** `hh:mm:ss` in Hà Nội time: the replayed moment on the badge. */
export function formatReplayClock(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const f = hanoiFields(new Date(ms));
  return `${f.hour}:${f.minute}:${f.second}`;
}

/** `hh:mm dd/MM` in Hà Nội time: the ends of a window that spans two days. */
export function formatReplayStamp(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const f = hanoiFields(new Date(ms));
  return `${f.hour}:${f.minute} ${f.day}/${f.month}`;
}
