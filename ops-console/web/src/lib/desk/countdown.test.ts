import { describe, expect, it } from 'vitest';
import { countdown, formatCountdown } from './countdown.ts';

describe('formatCountdown', () => {
  it('writes m:ss under an hour and h:mm:ss above', () => {
    expect(formatCountdown(65_000)).toBe('1:05');
    expect(formatCountdown(9_000)).toBe('0:09');
    expect(formatCountdown(3_600_000 + 2 * 60_000 + 3_000)).toBe('1:02:03');
  });

  it('rounds up, so the last second still shows', () => {
    expect(formatCountdown(400)).toBe('0:01');
    expect(formatCountdown(59_001)).toBe('1:00');
  });

  it('never goes negative', () => {
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(-5_000)).toBe('0:00');
    expect(formatCountdown(Number.NaN)).toBe('0:00');
  });
});

describe('countdown', () => {
  const now = Date.parse('2025-06-01T10:00:00Z');
  it('counts down to nextEscalationAt and says when it is overdue', () => {
    expect(countdown('2025-06-01T10:04:30Z', now)).toEqual({ text: '4:30', overdue: false, ms: 270_000 });
    expect(countdown('2025-06-01T09:59:00Z', now)).toMatchObject({ text: '0:00', overdue: true });
  });

  it('has nothing to show without a next step', () => {
    expect(countdown(null, now)).toBeNull();
    expect(countdown('soon', now)).toBeNull();
  });
});
