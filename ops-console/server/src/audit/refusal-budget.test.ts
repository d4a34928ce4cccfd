import { describe, expect, it } from 'vitest';
import { RefusalBudget } from './refusal-budget.ts';

describe('RefusalBudget', () => {
  it('keeps a user’s first refusals of a minute, counts the rest, and starts again the next minute', () => {
    const budget = new RefusalBudget(2);
    const t0 = 10 * 60_000;
    expect([1, 2, 3, 4].map((i) => budget.take('dispatcher', t0 + i))).toEqual([
      { record: true },
      { record: true },
      { record: false, dropped: 1 },
      { record: false, dropped: 2 },
    ]);
    // Another user has a budget of their own.
    expect(budget.take('operator', t0 + 5)).toEqual({ record: true });
    expect(budget.take('dispatcher', t0 + 60_000)).toEqual({ record: true });
  });
});
