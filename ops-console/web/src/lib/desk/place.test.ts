import { describe, expect, it } from 'vitest';
import { floorsText, formatDistance } from './place.ts';

describe('formatDistance', () => {
  it('says metres to the nearest 10 under a kilometre', () => {
    expect(formatDistance(604, 'vi')).toBe('600 m');
    expect(formatDistance(996, 'en')).toBe('1000 m');
  });
  it('says kilometres with one decimal in the locale’s mark', () => {
    expect(formatDistance(2_230, 'vi')).toBe('2,2 km');
    expect(formatDistance(2_230, 'en')).toBe('2.2 km');
    expect(formatDistance(11_000, 'en')).toBe('11.0 km');
  });
});

describe('floorsText', () => {
  const words = { floors: 'tầng', basements: 'hầm' };
  it('adds basements only when there are some', () => {
    expect(floorsText({ floors: 12, basementFloors: 2 }, words)).toBe('12 tầng + 2 hầm');
    expect(floorsText({ floors: 4, basementFloors: 0 }, words)).toBe('4 tầng');
    expect(floorsText({ floors: null, basementFloors: 1 }, words)).toBeNull();
  });
});
