/**
 * The last phase of the assignment solver, on a sparse candidate graph, certified on the dense matrix.
 *
 * Why: after JV's reductions (hungarian.ts) a few hundred rows of a random 1024 x 1024 problem are still free, and
 * the dense shortest-path search scans all n columns for every row it reaches. A latent's optimal partner is almost
 * always among its few cheapest columns, so Dijkstra here relaxes only k candidates per row (picked by reduced cost
 * the first time a row is reached). The result is then checked against every entry: with column duals v and row
 * duals u_i = c[i, x_i] - v[x_i], the assignment is optimal for the dense matrix iff every reduced cost
 * c_ij - u_i - v_j is >= 0 (LP duality). A row with a violating entry gets it as a candidate and is solved again,
 * until none is left: the answer is exact, not a heuristic.
 *
 * Invariant on entry (JV's reductions keep it) and throughout: every assigned row sits at a column of minimum reduced
 * cost c_ij - v_j over its whole row (entry) or its candidates (during the search, restored by the check).
 */

const MAX_ROUNDS = 16;

/**
 * Assigns the `free` rows, updating x (row -> column), y (column -> row) and the column duals v in place.
 * Returns false if it gives up after MAX_ROUNDS checks (not seen in practice); the caller then solves densely.
 */
export function augmentSparse(
  cost: Float64Array, n: number, free: Int32Array, nFree: number, x: Int32Array, y: Int32Array, v: Float64Array,
  candidates = 12,
): boolean {
  const adj: (number[] | null)[] = new Array(n).fill(null);
  const lists = (i: number): number[] => (adj[i] ??= cheapestColumns(cost, n, i, v, Math.min(candidates, n)));
  const search = new PathSearch(n);
  const scale = 1 + maxAbs(cost);
  let rows = Array.from(free.subarray(0, nFree));
  for (let round = 0; round < MAX_ROUNDS; round++) {
    for (const row of rows) {
      if (search.augment(cost, n, lists, row, x, y, v)) continue;
      // No free column reachable through the candidates: give this row every column (a free one is then adjacent).
      adj[row] = Array.from({ length: n }, (_, j) => j);
      if (!search.augment(cost, n, lists, row, x, y, v)) return false;
    }
    rows = addViolatedEntries(cost, n, lists, x, y, v, search.dirty, 1e-12 * scale);
    if (rows.length === 0) return true;
  }
  return false;
}

function maxAbs(m: Float64Array): number {
  let max = 0;
  for (let k = 0; k < m.length; k++) max = Math.max(max, Math.abs(m[k]));
  return max;
}

/** Row i's k columns of smallest reduced cost c_ij - v_j. */
function cheapestColumns(cost: Float64Array, n: number, i: number, v: Float64Array, k: number): number[] {
  const vals = new Float64Array(k).fill(Infinity);
  const idx = new Int32Array(k);
  let worst = Infinity;
  const row = i * n;
  for (let j = 0; j < n; j++) {
    const r = cost[row + j] - v[j];
    if (r < worst) worst = insertSorted(vals, idx, 0, k, r, j);
  }
  return Array.from(idx);
}

/** Inserts (value, index) into the ascending run vals[at..at+k), dropping its last element; returns the new last. */
function insertSorted(vals: Float64Array, idx: Int32Array, at: number, k: number, value: number, index: number): number {
  let p = at + k - 1;
  while (p > at && vals[p - 1] > value) {
    vals[p] = vals[p - 1];
    idx[p] = idx[p - 1];
    p--;
  }
  vals[p] = value;
  idx[p] = index;
  return vals[at + k - 1];
}

/**
 * Checks the reduced costs of every entry of the dirty rows; a row with a negative one gets those columns as
 * candidates and is unassigned (its column freed), which keeps the invariant for every other row. Returns the freed
 * rows. Only dirty rows need checking: a path search lowers the duals of the columns it settles, which can only
 * raise other entries' reduced costs, except in the rows that own those columns (marked dirty by the search).
 */
function addViolatedEntries(
  cost: Float64Array, n: number, lists: (i: number) => number[], x: Int32Array, y: Int32Array, v: Float64Array,
  dirty: Uint8Array, tol: number,
): number[] {
  const freed: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!dirty[i]) continue;
    dirty[i] = 0;
    const row = i * n;
    const u = cost[row + x[i]] - v[x[i]];
    let violated = false;
    for (let j = 0; j < n; j++) {
      if (cost[row + j] - v[j] - u < -tol) {
        const list = lists(i);
        if (!list.includes(j)) list.push(j);
        violated = true;
      }
    }
    if (violated) freed.push(i);
  }
  for (const i of freed) {
    y[x[i]] = -1;
    x[i] = -1;
    dirty[i] = 1;
  }
  return freed;
}

/** Dijkstra over columns with a binary heap (lazy deletion), reusing its buffers across searches. */
class PathSearch {
  private readonly d: Float64Array;
  private readonly pred: Int32Array;
  private readonly seen: Int32Array; // search stamp when d[j] was set
  private readonly done: Int32Array; // search stamp when column j was settled
  private readonly settled: Int32Array;
  /** Rows whose dual may have risen since they were last certified (owners of settled columns, path starts). */
  readonly dirty: Uint8Array;
  private heapKey = new Float64Array(1024);
  private heapCol = new Int32Array(1024);
  private heapSize = 0;
  private stamp = 0;

  constructor(n: number) {
    this.d = new Float64Array(n);
    this.pred = new Int32Array(n);
    this.seen = new Int32Array(n);
    this.done = new Int32Array(n);
    this.settled = new Int32Array(n);
    this.dirty = new Uint8Array(n);
  }

  /** Shortest augmenting path from free row `start`; flips it and updates the duals. False if no free column is reachable. */
  augment(cost: Float64Array, n: number, lists: (i: number) => number[], start: number, x: Int32Array, y: Int32Array, v: Float64Array): boolean {
    const { d, pred, done, settled, dirty } = this;
    const stamp = ++this.stamp;
    this.heapSize = 0;
    let nSettled = 0;
    this.relaxRow(cost, n, lists(start), start, 0, v, stamp);
    let final = -1;
    while (this.heapSize > 0) {
      const j = this.pop();
      if (done[j] === stamp) continue;
      done[j] = stamp;
      if (y[j] < 0) {
        final = j;
        break;
      }
      settled[nSettled++] = j;
      const i = y[j];
      this.relaxRow(cost, n, lists(i), i, d[j] - (cost[i * n + j] - v[j]), v, stamp);
    }
    if (final < 0) return false;
    const reach = d[final];
    dirty[start] = 1;
    for (let s = 0; s < nSettled; s++) {
      v[settled[s]] += d[settled[s]] - reach;
      dirty[y[settled[s]]] = 1;
    }
    let j = final;
    let i = -1;
    while (i !== start) {
      i = pred[j];
      y[j] = i;
      const next = x[i];
      x[i] = j;
      j = next;
    }
    return true;
  }

  /** Relaxes every candidate column of row i at distance offset + (c_ij - v_j). */
  private relaxRow(cost: Float64Array, n: number, candidates: number[], i: number, offset: number, v: Float64Array, stamp: number): void {
    const { d, pred, seen, done } = this;
    const row = i * n;
    for (const j of candidates) {
      if (done[j] === stamp) continue;
      const nd = offset + cost[row + j] - v[j];
      if (seen[j] !== stamp || nd < d[j]) {
        seen[j] = stamp;
        d[j] = nd;
        pred[j] = i;
        this.push(nd, j);
      }
    }
  }

  private push(key: number, col: number): void {
    if (this.heapSize === this.heapKey.length) {
      const keys = new Float64Array(this.heapKey.length * 2);
      const cols = new Int32Array(this.heapCol.length * 2);
      keys.set(this.heapKey);
      cols.set(this.heapCol);
      this.heapKey = keys;
      this.heapCol = cols;
    }
    const keys = this.heapKey;
    const cols = this.heapCol;
    let p = this.heapSize++;
    while (p > 0) {
      const parent = (p - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[p] = keys[parent];
      cols[p] = cols[parent];
      p = parent;
    }
    keys[p] = key;
    cols[p] = col;
  }

  private pop(): number {
    const keys = this.heapKey;
    const cols = this.heapCol;
    const top = cols[0];
    const size = --this.heapSize;
    const key = keys[size];
    const col = cols[size];
    let p = 0;
    for (;;) {
      let child = 2 * p + 1;
      if (child >= size) break;
      if (child + 1 < size && keys[child + 1] < keys[child]) child++;
      if (keys[child] >= key) break;
      keys[p] = keys[child];
      cols[p] = cols[child];
      p = child;
    }
    keys[p] = key;
    cols[p] = col;
    return top;
  }
}
