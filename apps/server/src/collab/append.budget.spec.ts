import { describe, expect, it } from '@jest/globals';
import { AppendBudget } from './append.budget.js';

describe('AppendBudget', () => {
  it('lets a burst up to the minute’s budget through, then refuses until time refills it', () => {
    let now = 0;
    const budget = new AppendBudget(6_000, () => now);
    expect(budget.tryTake(4_000)).toBe(true);
    expect(budget.tryTake(2_000)).toBe(true);
    expect(budget.tryTake(1)).toBe(false);
    now = 10_000; // a sixth of a minute refills a sixth of the budget
    expect(budget.tryTake(1_001)).toBe(false);
    expect(budget.tryTake(1_000)).toBe(true);
    now = 10 * 60_000; // never more than one minute's worth
    expect(budget.tryTake(6_001)).toBe(false);
    expect(budget.tryTake(6_000)).toBe(true);
  });
});
