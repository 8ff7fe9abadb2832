/**
 * Optimal one-to-one assignment (linear assignment problem) for dense cost matrices.
 *
 * Algorithm: Jonker & Volgenant (1987), "A shortest augmenting path algorithm for dense and sparse linear assignment
 * problems": column reduction with reduction transfer, two rounds of augmenting row reduction (which assign most
 * rows cheaply), then Dijkstra-style shortest augmenting paths for the rows still free. O(n³) worst case, far less on
 * the similarity matrices met here. Written from the paper's structure (as popularised by the `lap` package) over
 * flat typed arrays, because the obvious O(n³) Hungarian takes seconds at n = 1024 in JavaScript. The last phase
 * runs on sparse candidate lists certified by duals (sparsePaths.ts: the same optimum; random 1024 x 1024 |cos|
 * problems take ~35 ms of CPU against ~66 ms dense, bench/analysis.ts); the dense phase is its fallback and the
 * reference it is tested against.
 */
import { augmentSparse } from './sparsePaths.ts';

export interface Assignment {
  /** For each row, the column it is assigned to (-1 when rows outnumber columns and the row is left out). */
  rowToCol: Int32Array;
  /** For each column, the row assigned to it (-1 when columns outnumber rows). */
  colToRow: Int32Array;
  /** Sum of the matrix entries over the assigned pairs (cost for `solveAssignment`, similarity for `maximize…`). */
  total: number;
}

export interface AssignmentOptions {
  /** How the last (shortest-path) phase runs: 'dense' scans whole rows; 'sparse' uses certified candidate lists. */
  method?: 'auto' | 'dense' | 'sparse';
  /** Candidates per row in the sparse phase (default 12; fewer only makes the certificate add more). */
  candidates?: number;
}

/**
 * Minimum-cost assignment. `cost` is row-major [nRows, nCols]. A rectangular problem is padded to square with
 * zero-cost dummy rows or columns: a constant row/column adds the same amount to every assignment, so the real
 * pairs chosen stay optimal; every real row (or column, whichever is fewer) is matched.
 */
export function solveAssignment(cost: ArrayLike<number>, nRows: number, nCols: number, options: AssignmentOptions = {}): Assignment {
  return fromSquare(solveSquare(padded(cost, nRows, nCols, 1, 0), nRows, nCols, options), cost, nRows, nCols);
}

/** Maximum-similarity assignment: minimises (max - similarity), so `total` is the summed similarity of the pairs. */
export function maximizeAssignment(
  similarity: ArrayLike<number>, nRows: number, nCols: number, options: AssignmentOptions = {},
): Assignment {
  let max = -Infinity;
  for (let k = 0; k < similarity.length; k++) if (similarity[k] > max) max = similarity[k];
  const cost = padded(similarity, nRows, nCols, -1, max);
  return fromSquare(solveSquare(cost, nRows, nCols, options), similarity, nRows, nCols);
}

/** offset + sign * m as a square [n, n] Float64Array, n = max(nRows, nCols), dummy entries 0 (one copy). */
function padded(m: ArrayLike<number>, nRows: number, nCols: number, sign: number, offset: number): Float64Array {
  if (m.length !== nRows * nCols) throw new Error(`matrix has ${m.length} entries, expected ${nRows}x${nCols}`);
  const n = Math.max(nRows, nCols);
  const out = new Float64Array(n * n);
  if (nRows === nCols) {
    for (let k = 0; k < n * n; k++) out[k] = offset + sign * m[k]; // the common case, one flat pass
    return out;
  }
  for (let i = 0; i < nRows; i++) for (let j = 0; j < nCols; j++) out[i * n + j] = offset + sign * m[i * nCols + j];
  return out;
}

function solveSquare(square: Float64Array, nRows: number, nCols: number, options: AssignmentOptions): Int32Array {
  const { method = 'auto', candidates = 12 } = options;
  const n = Math.max(nRows, nCols);
  const sparse = method === 'sparse' || (method === 'auto' && n >= 64);
  return (sparse ? lapjv(square, n, candidates) : null) ?? (lapjv(square, n, 0) as Int32Array);
}

/** The real rows' and columns' part of a square solution x, with `values` summed over the chosen pairs. */
function fromSquare(x: Int32Array, values: ArrayLike<number>, nRows: number, nCols: number): Assignment {
  const rowToCol = new Int32Array(nRows);
  const colToRow = new Int32Array(nCols).fill(-1);
  let total = 0;
  for (let i = 0; i < nRows; i++) {
    const j = x[i] < nCols ? x[i] : -1;
    rowToCol[i] = j;
    if (j >= 0) {
      colToRow[j] = i;
      total += values[i * nCols + j];
    }
  }
  return { rowToCol, colToRow, total };
}

/** Square LAPJV; `candidates` > 0 runs the last phase sparse. Returns x: row -> column, or null if that gave up. */
function lapjv(cost: Float64Array, n: number, candidates: number): Int32Array | null {
  const x = new Int32Array(n).fill(-1); // row -> column
  const y = new Int32Array(n).fill(-1); // column -> row
  const v = new Float64Array(n); // column duals
  if (n === 0) return x;
  const free = new Int32Array(n);
  let nFree = columnReduction(cost, n, free, x, y, v);
  for (let round = 0; round < 2 && nFree > 0; round++) nFree = augmentingRowReduction(cost, n, free, nFree, x, y, v);
  if (nFree === 0) return x;
  if (candidates > 0) return augmentSparse(cost, n, free, nFree, x, y, v, candidates) ? x : null;
  augmentRemaining(cost, n, free, nFree, x, y, v);
  return x;
}

/**
 * Each column goes to its cheapest row (scanning columns in reverse); a row that won several keeps the last one.
 * A row that won exactly one column transfers its slack to that column's dual. Returns the number of free rows.
 */
function columnReduction(cost: Float64Array, n: number, free: Int32Array, x: Int32Array, y: Int32Array, v: Float64Array): number {
  v.fill(Infinity);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const c = cost[row + j];
      if (c < v[j]) {
        v[j] = c;
        y[j] = i;
      }
    }
  }
  const unique = new Uint8Array(n).fill(1);
  for (let j = n - 1; j >= 0; j--) {
    const i = y[j];
    if (x[i] < 0) x[i] = j;
    else {
      unique[i] = 0;
      y[j] = -1;
    }
  }
  let nFree = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] < 0) free[nFree++] = i;
    else if (unique[i]) {
      const j = x[i];
      const row = i * n;
      let min = Infinity;
      for (let j2 = 0; j2 < n; j2++) {
        if (j2 === j) continue;
        const c = cost[row + j2] - v[j2];
        if (c < min) min = c;
      }
      if (min < Infinity) v[j] -= min;
    }
  }
  return nFree;
}

/**
 * Each free row takes its cheapest column (by reduced cost) and lowers that column's dual by the gap to its second
 * cheapest, evicting the previous owner, who is retried at once if the dual really dropped. With real-valued costs
 * the gaps can be tiny and these eviction chains long (JV's own cap, steps < current * n, let a random 1024 x 1024
 * problem spend ~150 ms here), so retries stop after n steps per round: the rows left free go to the exact
 * shortest-path phase. Measured with the dense last phase (min of 6, n = 1024): random |cos| 49 ms against 55 ms
 * without this phase and 160 ms with JV's cap; noisy permuted copies 6-29 ms against 6-51 ms without it.
 * Returns the number of rows still free, listed at the front of `free`.
 */
function augmentingRowReduction(
  cost: Float64Array, n: number, free: Int32Array, nFree: number, x: Int32Array, y: Int32Array, v: Float64Array,
): number {
  let current = 0;
  let newFree = 0;
  let steps = 0;
  while (current < nFree) {
    steps++;
    const i = free[current++];
    const row = i * n;
    let j1 = 0;
    let u1 = cost[row] - v[0];
    let j2 = -1;
    let u2 = Infinity;
    for (let j = 1; j < n; j++) {
      const c = cost[row + j] - v[j];
      if (c < u2) {
        if (c >= u1) {
          u2 = c;
          j2 = j;
        } else {
          u2 = u1;
          u1 = c;
          j2 = j1;
          j1 = j;
        }
      }
    }
    let i0 = y[j1];
    const lowered = v[j1] - (u2 - u1);
    const lowers = lowered < v[j1];
    if (steps < n) {
      if (lowers) v[j1] = lowered;
      else if (i0 >= 0 && j2 >= 0) {
        j1 = j2;
        i0 = y[j2];
      }
      if (i0 >= 0) {
        if (lowers) free[--current] = i0;
        else free[newFree++] = i0;
      }
    } else if (i0 >= 0) free[newFree++] = i0;
    if (i0 >= 0) x[i0] = -1;
    x[i] = j1;
    y[j1] = i;
  }
  return newFree;
}

/** Shortest augmenting path from each remaining free row, then flip the path (x, y) and update the duals. */
function augmentRemaining(
  cost: Float64Array, n: number, free: Int32Array, nFree: number, x: Int32Array, y: Int32Array, v: Float64Array,
): void {
  const pred = new Int32Array(n);
  const cols = new Int32Array(n);
  const d = new Float64Array(n);
  for (let f = 0; f < nFree; f++) {
    const start = free[f];
    let j = shortestPath(cost, n, start, y, v, pred, cols, d);
    let i = -1;
    while (i !== start) {
      i = pred[j];
      y[j] = i;
      const next = x[i];
      x[i] = j;
      j = next;
    }
  }
}

/**
 * Dijkstra over columns with reduced costs. `cols` is partitioned as [ready | todo-at-min-distance | unseen]:
 * [0, lo) are settled, [lo, hi) are at the current minimum distance and wait to be scanned. Returns the free column
 * that ends the path; the settled columns' duals are raised so reduced costs stay non-negative.
 */
function shortestPath(
  cost: Float64Array, n: number, start: number, y: Int32Array, v: Float64Array,
  pred: Int32Array, cols: Int32Array, d: Float64Array,
): number {
  const startRow = start * n;
  for (let j = 0; j < n; j++) {
    cols[j] = j;
    pred[j] = start;
    d[j] = cost[startRow + j] - v[j];
  }
  let lo = 0;
  let hi = 0;
  let nReady = 0;
  let found = -1;
  let mind = 0; // distance of the columns in [lo, hi)
  while (found < 0) {
    if (lo === hi) {
      // Move every unseen column at the new minimum distance into [lo, hi).
      nReady = lo;
      hi = lo + 1;
      mind = d[cols[lo]];
      for (let k = hi; k < n; k++) {
        const j = cols[k];
        const dj = d[j];
        if (dj <= mind) {
          if (dj < mind) {
            hi = lo;
            mind = dj;
          }
          cols[k] = cols[hi];
          cols[hi++] = j;
        }
      }
      for (let k = lo; k < hi; k++) {
        if (y[cols[k]] < 0) {
          found = cols[k];
          break;
        }
      }
      if (found >= 0) break;
    }
    // Scan one column at the minimum distance: relax through the row that owns it.
    const j0 = cols[lo++];
    const i = y[j0];
    const row = i * n;
    const h = cost[row + j0] - v[j0] - mind;
    for (let k = hi; k < n; k++) {
      const j = cols[k];
      const reduced = cost[row + j] - v[j] - h;
      if (reduced < d[j]) {
        d[j] = reduced;
        pred[j] = i;
        if (reduced === mind) {
          if (y[j] < 0) {
            found = j;
            break;
          }
          cols[k] = cols[hi];
          cols[hi++] = j;
        }
      }
    }
  }
  for (let k = 0; k < nReady; k++) {
    const j = cols[k];
    v[j] += d[j] - mind;
  }
  return found;
}
