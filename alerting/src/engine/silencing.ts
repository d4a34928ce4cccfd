import type { AlertMatchers, WeeklySchedule } from '@cityops/contracts';
import type { EngineSignal } from './signal.ts';

/** A one-off silence as the engine needs it: epoch-ms bounds. */
export interface SilenceSpec {
  id: number;
  matchers: AlertMatchers;
  startsAt: number;
  endsAt: number;
}
/** A recurring maintenance window: a weekly schedule in local time. */
export interface WindowSpec {
  id: number;
  matchers: AlertMatchers;
  schedule: WeeklySchedule;
  validUntil: number | null;
}

export const DEFAULT_TIMEZONE = 'Asia/Ho_Chi_Minh';

/** What matchers look at: an engine signal, or a live incident. */
export type MatchTarget = Pick<EngineSignal, 'kind' | 'severity'> & {
  area?: string | null;
  deviceId?: string | null;
  ruleId?: string | null;
  data?: Record<string, unknown>;
};

/** Why a set of matchers cannot be used, or null. Pure: the API calls it before storing. */
export function matchersProblem(m: AlertMatchers): string | null {
  const given = Object.values(m).filter((v) => v !== undefined && v !== '');
  if (given.length === 0) return 'at least one matcher (ruleId, kind, area, deviceId, severity) is required: a silence of everything is not allowed';
  return null;
}

/**
 * Every given matcher must equal the signal's field. Fire alarms are life-safety data: only a
 * matcher that names `kind: fire_alarm` and one `deviceId` (a panel under test) holds them back,
 * so a broad "silence area X" never swallows a fire.
 */
export function matches(m: AlertMatchers, s: MatchTarget): boolean {
  if (s.kind === 'fire_alarm' && !(m.kind === 'fire_alarm' && m.deviceId)) return false;
  if (m.kind !== undefined && m.kind !== s.kind) return false;
  if (m.severity !== undefined && m.severity !== s.severity) return false;
  if (m.area !== undefined && m.area !== (s.area ?? null)) return false;
  if (m.deviceId !== undefined && m.deviceId !== (s.deviceId ?? null)) return false;
  const ruleId = s.ruleId ?? (s.data?.ruleId as string | undefined);
  if (m.ruleId !== undefined && m.ruleId !== ruleId) return false;
  return true;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** ISO weekday and minutes since local midnight of `at` in `timeZone`. */
export function localClock(at: number, timeZone: string): { weekday: number; minutes: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAY[parts.weekday ?? ''] ?? 1, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** Whether a timezone name is one the runtime knows. */
export function isTimezone(tz: string): boolean {
  try {
    localClock(0, tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a weekly window covers `now`: some listed day's start (local wall time) is at most
 * `durationMin` ago. Wall-clock arithmetic: a DST jump shifts a window by the jump (Vietnam has none).
 */
export function windowActive(w: { schedule: WeeklySchedule; validUntil: number | null }, now: number): boolean {
  if (w.validUntil !== null && now >= w.validUntil) return false;
  const { weekday, minutes } = localClock(now, w.schedule.timezone ?? DEFAULT_TIMEZONE);
  const [h = 0, m = 0] = w.schedule.start.split(':').map(Number);
  const start = h * 60 + m;
  for (let back = 0; back <= 7; back++) {
    const day = ((weekday - 1 - back + 7 * 2) % 7) + 1;
    if (!w.schedule.days.includes(day)) continue;
    const since = back * 1440 + minutes - start;
    if (since >= 0 && since < w.schedule.durationMin) return true;
  }
  return false;
}

/**
 * The engine's silencer at `now`: the key of the first silence or window holding the signal back
 * (`silence:12`, `maintenance:3`), or null. Rebuilt by the wiring before each step and tick, so a
 * silence that ends lets its held incidents open on the next tick.
 */
export function silencerAt(silences: readonly SilenceSpec[], windows: readonly WindowSpec[], now: number): (s: EngineSignal) => string | null {
  const liveSilences = silences.filter((x) => x.startsAt <= now && now < x.endsAt);
  const liveWindows = windows.filter((w) => windowActive(w, now));
  return (signal) => {
    for (const x of liveSilences) if (matches(x.matchers, signal)) return `silence:${x.id}`;
    for (const w of liveWindows) if (matches(w.matchers, signal)) return `maintenance:${w.id}`;
    return null;
  };
}
