import { describe, expect, it } from 'vitest';
import { contiguousPrefix } from './contiguous.ts';

const NOW = 1_000_000;
const row = (id: number, ageMs: number) => ({ id, at: new Date(NOW - ageMs) });

describe('contiguousPrefix', () => {
  it('passes a gap-free run', () => {
    expect(contiguousPrefix([row(1, 10), row(2, 10), row(3, 10)], 0, NOW, 2000).map((r) => r.id)).toEqual([1, 2, 3]);
  });
  it('stops before a fresh hole (a transaction may still be committing)', () => {
    expect(contiguousPrefix([row(1, 10), row(3, 10)], 0, NOW, 2000).map((r) => r.id)).toEqual([1]);
  });
  it('passes a hole older than the grace (a rolled-back transaction)', () => {
    expect(contiguousPrefix([row(1, 10), row(3, 5000), row(4, 10)], 0, NOW, 2000).map((r) => r.id)).toEqual([1, 3, 4]);
  });
});
