import { describe, expect, it } from 'vitest';
import { parseRankingQuery, parseRidershipQuery } from './window-params.ts';

const NOW = Date.parse('2026-11-21T10:07:30Z');

describe('parseRankingQuery', () => {
  it('ranks offices by waiting over the last hour, worst first, by default', () => {
    expect(parseRankingQuery({}, NOW).value).toEqual({
      from: new Date('2026-11-21T09:05:00Z'),
      to: new Date('2026-11-21T10:10:00Z'),
      bucket: '5m',
      areas: null,
      level: 'office',
      by: 'waiting',
      order: 'desc',
      limit: 20,
    });
  });

  it('puts the lowest satisfaction first, and reads long windows from coarser rollups', () => {
    expect(parseRankingQuery({ by: 'satisfaction' }, NOW).value?.order).toBe('asc');
    expect(parseRankingQuery({ from: '2026-11-01T00:00:00Z' }, NOW).value?.bucket).toBe('1h');
    expect(parseRankingQuery({ from: '2026-06-01T00:00:00Z' }, NOW).value?.bucket).toBe('1d');
  });

  it('lists every bad parameter', () => {
    expect(parseRankingQuery({ level: 'city', order: 'up', limit: '0' }, NOW).errors).toEqual([
      'level must be one of office, area; got "city"',
      'order must be one of asc, desc; got "up"',
      'limit must be an integer from 1 to 500; got "0"',
    ]);
  });
});

describe('parseRidershipQuery', () => {
  it('defaults to the last hour on the 5-minute grid, and filters by route, stop and area', () => {
    expect(parseRidershipQuery({ route: 'BRT01,M3', stop: 'M3-S01' }, NOW).value).toEqual({
      from: new Date('2026-11-21T09:05:00Z'),
      to: new Date('2026-11-21T10:10:00Z'),
      routes: ['BRT01', 'M3'],
      stops: ['M3-S01'],
      areas: null,
      limit: 2000,
    });
  });

  it('answers a week at most', () => {
    expect(parseRidershipQuery({ from: '2026-11-01T00:00:00Z' }, NOW).errors).toEqual(['the range is 21 days; at most 7 days are answered']);
  });
});
