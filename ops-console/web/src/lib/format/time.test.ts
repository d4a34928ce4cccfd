import { describe, expect, it } from 'vitest';
import { formatVnTime, formatVnTimestamp } from './time.ts';

describe('formatVnTime', () => {
  const now = new Date('2025-06-01T12:00:00Z'); // 19:00 in Hà Nội

  it('shows only the time for today in Hà Nội (UTC+7)', () => {
    expect(formatVnTime('2025-06-01T03:04:05Z', now)).toBe('10:04');
  });

  it('adds the date day-first for other days', () => {
    expect(formatVnTime('2025-05-30T23:15:00Z', now)).toBe('06:15 31/05/2025');
  });

  it('counts the day in Hà Nội, not UTC: 18:30Z on 31 Dec is 01:30 on 1 Jan', () => {
    expect(formatVnTime('2025-12-31T18:30:00Z', new Date('2025-12-31T19:00:00Z'))).toBe('01:30');
    expect(formatVnTime('2025-12-31T18:30:00Z', new Date('2025-12-31T16:00:00Z'))).toBe('01:30 01/01/2026');
  });

  it('shows a dash for a bad timestamp', () => {
    expect(formatVnTime('yesterday', now)).toBe('—');
  });
});

describe('formatVnTimestamp', () => {
  it('is 24-hour with seconds', () => {
    expect(formatVnTimestamp('2025-06-01T13:04:05Z')).toBe('20:04:05 01/06/2025 (GMT+7)');
  });
});
