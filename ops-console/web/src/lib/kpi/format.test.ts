import { describe, expect, it } from 'vitest';
import { formatDuration, formatKpi, formatNumber } from './format.ts';

describe('formatNumber', () => {
  it('groups and rounds the Vietnamese or the English way', () => {
    expect(formatNumber(1234.56, 'vi', 1)).toBe('1.234,6');
    expect(formatNumber(1234.56, 'en', 1)).toBe('1,234.6');
    expect(formatNumber(97, 'vi', 1)).toBe('97');
    expect(formatNumber(12.4, 'en')).toBe('12');
  });

  it('shows a dash for no value', () => {
    expect(formatNumber(null, 'vi')).toBe('—');
    expect(formatNumber(Number.NaN, 'en')).toBe('—');
  });
});

describe('formatDuration', () => {
  it('prints mm:ss, and h:mm:ss from an hour up', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(83)).toBe('01:23');
    expect(formatDuration(59.6)).toBe('01:00');
    expect(formatDuration(3599)).toBe('59:59');
    expect(formatDuration(3723)).toBe('1:02:03');
  });

  it('shows a dash when nothing was acknowledged', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });
});

describe('formatKpi', () => {
  it('formats each figure in its own way', () => {
    expect(formatKpi('mtta', 83, 'vi')).toBe('01:23');
    expect(formatKpi('queue-p90', 750, 'vi')).toBe('12,5');
    expect(formatKpi('queue-p90', 750, 'en')).toBe('12.5');
    expect(formatKpi('cameras', 97.5, 'vi')).toBe('97,5');
    expect(formatKpi('ingest', 4.25, 'en')).toBe('4.3');
    expect(formatKpi('ingest', 4120.4, 'vi')).toBe('4.120');
    expect(formatKpi('queue-waiting', 1520, 'en')).toBe('1,520');
    expect(formatKpi('hotline', null, 'vi')).toBe('—');
    expect(formatKpi('queue-p90', null, 'en')).toBe('—');
  });
});
