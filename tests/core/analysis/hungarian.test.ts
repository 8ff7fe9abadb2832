import { describe, expect, it } from 'vitest';
import { maximizeAssignment, solveAssignment } from '../../../src/core/analysis/hungarian.ts';
import { Rng } from '../../../src/core/rng.ts';

/** Every permutation of 0..n-1 (n <= 7: 5,040 at most). */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const rest of permutations(n - 1)) {
    for (let pos = 0; pos <= rest.length; pos++) out.push([...rest.slice(0, pos), n - 1, ...rest.slice(pos)]);
  }
  return out;
}

/** Brute-force minimum over all injective maps of the smaller side into the larger one. */
function bruteForceMin(cost: Float64Array, nRows: number, nCols: number): number {
  const n = Math.max(nRows, nCols);
  let best = Infinity;
  for (const perm of permutations(n)) {
    let total = 0;
    for (let i = 0; i < nRows; i++) if (perm[i] < nCols) total += cost[i * nCols + perm[i]];
    best = Math.min(best, total);
  }
  return best;
}

/**
 * Independent reference: the classic O(n³) Hungarian method with row/column potentials (one row added at a time,
 * Dijkstra over columns), for square matrices. Returns the minimum total cost.
 */
function referenceHungarian(cost: Float64Array, n: number): number {
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const owner = new Int32Array(n + 1); // column j (1-based) -> row (1-based), 0 = free
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    owner[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = owner[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost[(i0 - 1) * n + (j - 1)] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[owner[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (owner[j0] !== 0);
    do {
      const j1 = way[j0];
      owner[j0] = owner[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  let total = 0;
  for (let j = 1; j <= n; j++) total += cost[(owner[j] - 1) * n + (j - 1)];
  return total;
}

function randomMatrix(rng: Rng, nRows: number, nCols: number, ties: boolean): Float64Array {
  // With `ties`, small integer costs make many equal entries (the degenerate case that can trap JV's reductions).
  return Float64Array.from({ length: nRows * nCols }, () => (ties ? rng.int(4) : rng.normal()));
}

function expectValidMatching(rowToCol: Int32Array, colToRow: Int32Array): void {
  rowToCol.forEach((j, i) => {
    if (j >= 0) expect(colToRow[j]).toBe(i);
  });
  const used = [...rowToCol].filter((j) => j >= 0);
  expect(new Set(used).size).toBe(used.length);
  expect(used.length).toBe(Math.min(rowToCol.length, colToRow.length));
}

describe('solveAssignment', () => {
  it('matches brute force on random square matrices n = 1..7, continuous and tied costs (dense and sparse)', () => {
    const rng = new Rng(11);
    for (let n = 1; n <= 7; n++) {
      for (let trial = 0; trial < 12; trial++) {
        const cost = randomMatrix(rng, n, n, trial % 2 === 1);
        const best = bruteForceMin(cost, n, n);
        for (const method of ['dense', 'sparse'] as const) {
          const a = solveAssignment(cost, n, n, { method });
          expectValidMatching(a.rowToCol, a.colToRow);
          expect(a.total).toBeCloseTo(best, 9);
        }
      }
    }
  });

  it('the sparse last phase gives the dense optimum (n = 150, rectangular too), even with 1-3 candidates per row', () => {
    const rng = new Rng(15);
    const n = 150;
    const perm = rng.permutation(n);
    const nearPermutation = Float64Array.from({ length: n * n }, (_, k) => rng.uniform() - (perm[Math.floor(k / n)] === k % n ? 0.5 : 0));
    for (const cost of [randomMatrix(rng, n, n, false), randomMatrix(rng, n, n, true), nearPermutation]) {
      const dense = solveAssignment(cost, n, n, { method: 'dense' }).total;
      for (const candidates of [1, 2, 12]) {
        // With 1-2 candidates the dual certificate must add entries and re-solve rows to reach the optimum.
        const sparse = solveAssignment(cost, n, n, { method: 'sparse', candidates });
        expectValidMatching(sparse.rowToCol, sparse.colToRow);
        expect(sparse.total).toBeCloseTo(dense, 9);
      }
    }
    for (const [r, c] of [[150, 90], [90, 150]]) {
      // Rectangular problems are padded with constant dummy rows/columns: many ties for the candidate lists.
      const cost = randomMatrix(rng, r, c, false);
      const sparse = solveAssignment(cost, r, c, { method: 'sparse', candidates: 3 });
      expectValidMatching(sparse.rowToCol, sparse.colToRow);
      expect(sparse.total).toBeCloseTo(solveAssignment(cost, r, c, { method: 'dense' }).total, 9);
    }
  });

  it('matches an independent O(n³) Hungarian at n = 20..200 (dense and sparse last phase)', () => {
    const rng = new Rng(16);
    for (const n of [20, 64, 200]) {
      for (const ties of [false, true]) {
        const cost = randomMatrix(rng, n, n, ties);
        const reference = referenceHungarian(cost, n);
        for (const method of ['dense', 'sparse'] as const) expect(solveAssignment(cost, n, n, { method }).total).toBeCloseTo(reference, 9);
      }
    }
  });

  it('matches brute force on rectangular matrices in both orientations', () => {
    const rng = new Rng(12);
    for (const [r, c] of [[2, 5], [5, 2], [3, 7], [6, 4], [1, 6]]) {
      for (let trial = 0; trial < 6; trial++) {
        const cost = randomMatrix(rng, r, c, trial % 2 === 1);
        const a = solveAssignment(cost, r, c, { method: 'dense' });
        expectValidMatching(a.rowToCol, a.colToRow);
        expect(a.total).toBeCloseTo(bruteForceMin(cost, r, c), 9);
      }
    }
  });

  it('recovers a hidden permutation at n = 300 when matched pairs are clearly cheapest', () => {
    const rng = new Rng(13);
    const n = 300;
    const perm = rng.permutation(n);
    const cost = Float64Array.from({ length: n * n }, () => 1 + rng.uniform());
    for (let i = 0; i < n; i++) cost[i * n + perm[i]] = rng.uniform() * 0.5;
    expect([...solveAssignment(cost, n, n).rowToCol]).toEqual([...perm]);
  });
});

describe('maximizeAssignment', () => {
  it('maximises the summed similarity (brute force, n = 6)', () => {
    const rng = new Rng(14);
    const n = 6;
    for (let trial = 0; trial < 10; trial++) {
      const sim = randomMatrix(rng, n, n, false);
      const negated = sim.map((s) => -s);
      expect(maximizeAssignment(sim, n, n).total).toBeCloseTo(-bruteForceMin(negated, n, n), 9);
    }
  });
});
