import { describe, expect, it } from 'vitest';
import { alignRange, parseCodes, parseHistoryQuery, parseInstant } from './history-params.ts';

const NOW = Date.parse('2026-11-21T10:07:30Z');

describe('parseHistoryQuery', () => {
  it('defaults to the last 24 h in 5-minute buckets, aligned to whole buckets', () => {
    expect(parseHistoryQuery({}, NOW)).toEqual({
      value: { from: new Date('2026-11-20T10:05:00Z'), to: new Date('2026-11-21T10:10:00Z'), bucket: '5m', areas: null },
    });
  });

  it('takes RFC 3339 with an offset or epoch ms, a bucket and areas', () => {
    const q = parseHistoryQuery(
      { from: '2026-11-01T00:00:00+07:00', to: String(Date.parse('2026-11-08T00:00:00+07:00')), bucket: '1d', area: 'A001, A002,A001' },
      NOW,
    );
    expect(q).toEqual({ value: { from: new Date('2026-10-31T17:00:00Z'), to: new Date('2026-11-07T17:00:00Z'), bucket: '1d', areas: ['A001', 'A002'] } });
  });

  it('refuses to < from, more than 400 days, an unknown bucket, too many buckets, with every reason', () => {
    expect(parseHistoryQuery({ from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' }, NOW).errors).toEqual([
      'to (2026-11-01T00:00:00.000Z) must be after from (2026-11-02T00:00:00.000Z)',
    ]);
    expect(parseHistoryQuery({ from: '2025-01-01T00:00:00Z' }, NOW).errors?.[0]).toMatch(/^the range is 690 days; at most 400 days/);
    expect(parseHistoryQuery({ bucket: '15m', area: 'bad area' }, NOW).errors).toEqual([
      'bucket must be one of 5m, 1h, 1d; got "15m"',
      'area takes codes of 1–64 letters, digits, _ . -, comma-separated; not "bad area"',
    ]);
    expect(parseHistoryQuery({ from: '2026-10-01T00:00:00Z', bucket: '5m' }, NOW).errors?.[0]).toContain('buckets of 5m over this range; at most 3000');
    expect(parseHistoryQuery({ from: '2026-11-21T09:00:00Z' }, NOW, 6).errors?.[0]).toBe(
      '14 buckets of 5m over this range; at most 6: choose a wider bucket or a shorter range',
    );
  });
});

describe('the pieces', () => {
  it('parseInstant wants an offset: a bare local time is ambiguous', () => {
    const errors: string[] = [];
    expect(parseInstant('2026-11-21T10:00:00', 'from', errors)).toBeUndefined();
    expect(parseInstant('2026-11-21T10:00Z', 'from', errors)).toBe(Date.parse('2026-11-21T10:00:00Z'));
    expect(errors).toHaveLength(1);
  });

  it('parseCodes caps the list', () => {
    const errors: string[] = [];
    expect(parseCodes(Array.from({ length: 51 }, (_, i) => `A${i}`).join(','), 'area', errors)).toHaveLength(51);
    expect(errors).toEqual(['area takes at most 50 codes; got 51']);
  });

  it('alignRange keeps whole buckets and counts them', () => {
    expect(alignRange(Date.parse('2026-11-21T10:01:00Z'), Date.parse('2026-11-21T12:00:00Z'), '1h')).toEqual({
      from: new Date('2026-11-21T10:00:00Z'),
      to: new Date('2026-11-21T12:00:00Z'),
      buckets: 2,
    });
  });
});
