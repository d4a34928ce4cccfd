import { describe, expect, it } from 'vitest';
import { sparklinePath } from './sparkline.ts';

describe('sparklinePath', () => {
  it('scales the values to the box, highest at the top, newest at the right', () => {
    expect(sparklinePath([0, 5, 10], { width: 100, height: 24 })).toBe('M0,22L50,12L100,2');
  });

  it('anchors a short history to the right edge when there is room for more', () => {
    // 5 slots of 25 units; two values take the last two.
    expect(sparklinePath([1, 3], { width: 100, height: 24, capacity: 5, pad: 0 })).toBe('M75,24L100,0');
  });

  it('keeps only the newest `capacity` values', () => {
    expect(sparklinePath([100, 0, 1], { width: 10, height: 10, capacity: 2, pad: 0 })).toBe('M0,10L10,0');
  });

  it('draws a flat series through the middle', () => {
    expect(sparklinePath([7, 7, 7], { width: 20, height: 10 })).toBe('M0,5L10,5L20,5');
  });

  it('draws a small change small when given a least span', () => {
    // 99.9 → 99.6 % over a 5-point span: 0.3 of 5 is 6 % of the height, around the middle.
    expect(sparklinePath([99.9, 99.6], { width: 10, height: 100, pad: 0, minSpan: 5 })).toBe('M0,47L10,53');
    // A wide enough range is drawn as is; a flat one still runs through the middle.
    expect(sparklinePath([0, 10], { width: 10, height: 10, pad: 0, minSpan: 5 })).toBe('M0,10L10,0');
    expect(sparklinePath([3, 3], { width: 10, height: 10, pad: 0, minSpan: 5 })).toBe('M0,5L10,5');
  });

  it('breaks the line at nulls and shows a lone point as a dot', () => {
    expect(sparklinePath([0, 10, null, 5, null, 10, 0], { width: 60, height: 12, pad: 1 })).toBe('M0,11L10,1M30,6h0M50,1L60,11');
    expect(sparklinePath([4], { width: 60, height: 12, capacity: 60 })).toBe('M60,6h0');
  });

  it('ignores values that are not finite', () => {
    expect(sparklinePath([Number.NaN, 2, Number.POSITIVE_INFINITY, 4], { width: 30, height: 10, pad: 0 })).toBe('M10,10h0M30,0h0');
  });

  it('draws nothing without a value', () => {
    expect(sparklinePath([], { width: 60, height: 12 })).toBe('');
    expect(sparklinePath([null, null], { width: 60, height: 12 })).toBe('');
  });

  it('rounds coordinates to a tenth, keeping paths short', () => {
    expect(sparklinePath([0, 1, 2, 3], { width: 10, height: 10, pad: 0 })).toBe('M0,10L3.3,6.7L6.7,3.3L10,0');
  });
});
