import { describe, expect, it } from 'vitest';
import { formatReplayClock, formatReplayStamp } from './replay-format.ts';

describe('replay time labels', () => {
  it('are in Hà Nội time (GMT+7) whatever the machine zone, across midnight', () => {
    expect(formatReplayClock(Date.parse('2026-03-01T16:59:58Z'))).toBe('23:59:58');
    expect(formatReplayClock(Date.parse('2026-03-01T17:00:05Z'))).toBe('00:00:05');
    expect(formatReplayStamp(Date.parse('2026-03-01T17:00:05Z'))).toBe('00:00 02/03');
  });

  it('show a dash for a time that is not one', () => {
    expect(formatReplayClock(Number.NaN)).toBe('—');
    expect(formatReplayStamp(Number.POSITIVE_INFINITY)).toBe('—');
  });
});
