import { describe, expect, it } from 'vitest';
import { fisherExactP } from '../../../src/core/analysis/stats.ts';

/** Two-sided Fisher p by exact integer arithmetic: every table with the same margins, counted by binomials. */
function fisherByEnumeration(a: number, b: number, c: number, d: number): number {
  const choose = (n: number, k: number): bigint => {
    let r = 1n;
    for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
    return r;
  };
  const [row, col, n] = [a + b, a + c, a + b + c + d];
  const weight = (x: number) => choose(row, x) * choose(n - row, col - x); // ∝ probability of the table with x top-left
  const observed = weight(a);
  let tail = 0n;
  for (let x = Math.max(0, row + col - n); x <= Math.min(row, col); x++) if (weight(x) <= observed) tail += weight(x);
  return Number(tail) / Number(choose(n, col));
}

describe('fisherExactP (two-sided)', () => {
  it('gives the hand-counted p of the tea-tasting tables (8 cups, 4 of each)', () => {
    expect(fisherExactP(4, 0, 0, 4)).toBeCloseTo(2 / 70, 12); // only the two perfect tables are as extreme
    expect(fisherExactP(3, 1, 1, 3)).toBeCloseTo(34 / 70, 12); // tables weigh 1, 16, 36, 16, 1 (of 70)
  });

  it('agrees with exact enumeration on lopsided and larger tables', () => {
    for (const t of [[12, 5, 3, 40], [0, 20, 15, 25], [9, 1, 0, 10], [2, 3, 4, 6], [30, 270, 5, 700]] as [number, number, number, number][]) {
      expect(fisherExactP(...t) / fisherByEnumeration(...t)).toBeCloseTo(1, 9);
    }
  });

  it('is 1 when a row or a column is empty', () => {
    expect(fisherExactP(0, 0, 3, 7)).toBe(1);
    expect(fisherExactP(5, 0, 2, 0)).toBe(1);
  });
});
