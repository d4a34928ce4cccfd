import { describe, expect, it } from 'vitest';
import { parseIncidentParam, searchWithoutIncident } from './incident-link.ts';

describe('the incident deep link', () => {
  it('reads ?incident=<id> among other parameters', () => {
    expect(parseIncidentParam('?incident=42')).toBe(42);
    expect(parseIncidentParam('?mode=desk&incident=7')).toBe(7);
    expect(parseIncidentParam('incident=9')).toBe(9);
  });

  it('ignores anything that is not a positive whole number', () => {
    for (const search of [
      '',
      '?mode=wall',
      '?incident=',
      '?incident=abc',
      '?incident=0',
      '?incident=-4',
      '?incident=1.5',
      '?incident=1e3',
      '?incident=99999999999999999999',
    ])
      expect({ search, id: parseIncidentParam(search) }).toEqual({ search, id: null });
  });

  it('takes the parameter out, keeping the rest', () => {
    expect(searchWithoutIncident('?incident=42')).toBe('');
    expect(searchWithoutIncident('?mode=wall&incident=42&x=1')).toBe('?mode=wall&x=1');
    expect(searchWithoutIncident('?incident=bad')).toBe('');
    expect(searchWithoutIncident('?mode=desk')).toBe('?mode=desk');
    expect(searchWithoutIncident('')).toBe('');
  });
});
