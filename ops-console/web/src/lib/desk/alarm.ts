import type { Incident } from '@cityops/contracts';

export type AlarmReason = 'opened' | 'escalated';

/**
 * Sound the alarm for a new critical incident, and for any incident whose
 * escalation level rose (nobody acknowledged it in time). `previous` is what this browser held
 * before the event; `known` whether the snapshot had loaded, so that an event for an incident we
 * merely had not loaded yet does not pass for a new one. A replayed `incident:opened` missed during
 * an outage is still news to this operator and does sound.
 */
export function alarmReason(previous: Incident | undefined, next: Incident, { known }: { known: boolean }): AlarmReason | null {
  if (next.state !== 'open' && next.state !== 'acknowledged' && next.state !== 'dispatched') return null;
  if (previous) return (next.escalationLevel ?? 0) > (previous.escalationLevel ?? 0) ? 'escalated' : null;
  if (!known) return null;
  if (next.state === 'open' && next.severity === 'critical') return 'opened';
  return null;
}

/** A burst (a replay, a city-wide outage) sounds once, not fifty times over each other. */
export function shouldSound(lastSoundedAt: number | null, now: number, minGapMs: number): boolean {
  return lastSoundedAt === null || now - lastSoundedAt >= minGapMs;
}

/** The title while flashing: the alert and the normal title take turns, one per tick. */
export function flashTitle(base: string, alert: string, tick: number): string {
  return tick % 2 === 0 ? alert : base;
}
