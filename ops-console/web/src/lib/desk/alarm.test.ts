import { describe, expect, it } from 'vitest';
import { incidentFixture as incident } from '../map/incident.fixture.ts';
import { alarmReason, flashTitle, shouldSound } from './alarm.ts';

const known = { known: true };

describe('alarmReason', () => {
  it('sounds for a new open critical incident', () => {
    expect(alarmReason(undefined, incident(1), known)).toBe('opened');
  });

  it('stays quiet for a new incident below critical', () => {
    for (const severity of ['major', 'warning', 'info'] as const) expect(alarmReason(undefined, incident(1, { severity }), known)).toBeNull();
  });

  it('stays quiet for updates that do not raise the escalation level', () => {
    const before = incident(1);
    expect(alarmReason(before, incident(1, { occurrences: 2 }), known)).toBeNull();
    expect(alarmReason(before, incident(1, { state: 'acknowledged' }), known)).toBeNull();
    expect(alarmReason(incident(1, { escalationLevel: 2 }), incident(1, { escalationLevel: 2 }), known)).toBeNull();
  });

  it('sounds when the escalation level rises, at any severity', () => {
    expect(alarmReason(incident(1), incident(1, { escalationLevel: 1 }), known)).toBe('escalated');
    expect(alarmReason(incident(2, { severity: 'major', escalationLevel: 1 }), incident(2, { severity: 'major', escalationLevel: 2 }), known)).toBe(
      'escalated',
    );
  });

  it('stays quiet for an incident that is resolved or closed', () => {
    expect(alarmReason(undefined, incident(1, { state: 'resolved' }), known)).toBeNull();
    expect(alarmReason(incident(1), incident(1, { state: 'closed', escalationLevel: 3 }), known)).toBeNull();
  });

  it('does not take an incident it had not loaded yet for a new one', () => {
    expect(alarmReason(undefined, incident(1), { known: false })).toBeNull();
  });

  it('takes a missing escalation level (an older server) as 0', () => {
    const old = { ...incident(1), escalationLevel: undefined } as never;
    expect(alarmReason(old, incident(1), known)).toBeNull();
    expect(alarmReason(old, incident(1, { escalationLevel: 1 }), known)).toBe('escalated');
  });
});

describe('shouldSound', () => {
  it('sounds once for a burst', () => {
    expect(shouldSound(null, 1_000, 3_000)).toBe(true);
    expect(shouldSound(1_000, 2_500, 3_000)).toBe(false);
    expect(shouldSound(1_000, 4_000, 3_000)).toBe(true);
  });
});

describe('flashTitle', () => {
  it('alternates the alert and the normal title', () => {
    expect([0, 1, 2].map((tick) => flashTitle('cityops', '⚠', tick))).toEqual(['⚠', 'cityops', '⚠']);
  });
});
