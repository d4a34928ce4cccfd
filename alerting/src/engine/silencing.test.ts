import { describe, expect, it } from 'vitest';
import { localClock, matches, matchersProblem, silencerAt, windowActive } from './silencing.ts';
import type { EngineSignal } from './signal.ts';

const signal = (over: Partial<EngineSignal> = {}): EngineSignal => ({
  kind: 'camera_offline',
  severity: 'warning',
  dedupKey: 'camera_offline:CAM-1',
  title: 't',
  deviceId: 'CAM-1',
  area: 'A001',
  at: new Date(0),
  data: { ruleId: 'camera-silent' },
  ...over,
});
// Monday 2026-11-23 22:30 in Hanoi (UTC+7) is 15:30Z.
const MON_2230 = Date.parse('2026-11-23T15:30:00Z');

describe('matchers', () => {
  it('need every given field to match, the rule id included', () => {
    expect(matches({ area: 'A001' }, signal())).toBe(true);
    expect(matches({ area: 'A001', kind: 'camera_tampered' }, signal())).toBe(false);
    expect(matches({ ruleId: 'camera-silent', deviceId: 'CAM-1' }, signal())).toBe(true);
    expect(matches({ ruleId: 'camera-offline' }, signal())).toBe(false);
    expect(matches({ severity: 'critical' }, signal())).toBe(false);
  });

  it('never hold a fire alarm back unless they name the kind and the panel', () => {
    const fire = signal({ kind: 'fire_alarm', severity: 'critical', deviceId: 'FA-1', data: { ruleId: 'fire-alarm' } });
    expect(matches({ area: 'A001' }, fire)).toBe(false);
    expect(matches({ kind: 'fire_alarm' }, fire)).toBe(false);
    expect(matches({ kind: 'fire_alarm', deviceId: 'FA-1' }, fire)).toBe(true);
  });

  it('refuse an empty set: a silence of everything is not allowed', () => {
    expect(matchersProblem({})).toMatch(/at least one matcher/);
    expect(matchersProblem({ area: 'A001' })).toBeNull();
  });
});

describe('weekly maintenance windows', () => {
  it('read the local clock of their timezone', () => {
    expect(localClock(MON_2230, 'Asia/Ho_Chi_Minh')).toEqual({ weekday: 1, minutes: 22 * 60 + 30 });
    expect(localClock(MON_2230, 'UTC')).toEqual({ weekday: 1, minutes: 15 * 60 + 30 });
  });

  it('cover [start, start + duration) on the listed days, across midnight into the next day', () => {
    const w = { schedule: { days: [1], start: '22:00', durationMin: 180 }, validUntil: null };
    expect(windowActive(w, MON_2230)).toBe(true);
    expect(windowActive(w, MON_2230 - 31 * 60_000)).toBe(false); // 21:59
    expect(windowActive(w, MON_2230 + 2 * 3600_000 + 29 * 60_000)).toBe(true); // Tue 00:59
    expect(windowActive(w, MON_2230 + 2 * 3600_000 + 30 * 60_000)).toBe(false); // Tue 01:00
    expect(windowActive({ ...w, schedule: { ...w.schedule, days: [2] } }, MON_2230)).toBe(false);
    expect(windowActive({ ...w, validUntil: MON_2230 }, MON_2230)).toBe(false);
  });

  it('span several days when long enough', () => {
    const weekend = { schedule: { days: [6], start: '00:00', durationMin: 2 * 24 * 60 }, validUntil: null };
    const sunday = Date.parse('2026-11-29T05:00:00Z'); // Sunday 12:00 in Hanoi
    expect(windowActive(weekend, sunday)).toBe(true);
    expect(windowActive(weekend, MON_2230)).toBe(false);
  });
});

describe('silencerAt', () => {
  it('names the first silence or window holding a signal back, and only while it is on', () => {
    const silences = [{ id: 7, matchers: { area: 'A001' }, startsAt: MON_2230 - 1000, endsAt: MON_2230 + 1000 }];
    const windows = [{ id: 3, matchers: { kind: 'camera_offline' as const }, schedule: { days: [1], start: '22:00', durationMin: 60 }, validUntil: null }];
    expect(silencerAt(silences, windows, MON_2230)(signal())).toBe('silence:7');
    expect(silencerAt(silences, windows, MON_2230)(signal({ area: 'A002' }))).toBe('maintenance:3');
    expect(silencerAt(silences, windows, MON_2230 + 3600_000)(signal())).toBeNull();
  });
});
