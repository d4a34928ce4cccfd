import { describe, expect, it } from 'vitest';
import { scrollToShow, visibleRange } from './virtual-window.ts';

describe('visibleRange', () => {
  it('renders the rows in view plus the overscan, never past the ends', () => {
    expect(visibleRange(0, 400, 80, 5_000, 2)).toEqual({ start: 0, end: 8 });
    expect(visibleRange(8_000, 400, 80, 5_000, 2)).toEqual({ start: 98, end: 108 });
    expect(visibleRange(399_800, 400, 80, 5_000, 2)).toEqual({ start: 4_995, end: 5_000 });
  });

  it('keeps a few thousand incidents down to a screenful of rows', () => {
    const { start, end } = visibleRange(123_456, 700, 84, 10_000);
    expect(end - start).toBeLessThanOrEqual(18);
  });

  it('is empty for an empty list', () => {
    expect(visibleRange(0, 400, 80, 0)).toEqual({ start: 0, end: 0 });
  });
});

describe('scrollToShow', () => {
  it('moves only as far as needed to show the row', () => {
    expect(scrollToShow(5, 80, 0, 400)).toBe(80);
    expect(scrollToShow(2, 80, 400, 400)).toBe(160);
    expect(scrollToShow(6, 80, 240, 400)).toBe(240);
  });
});
