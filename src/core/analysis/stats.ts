/** Small summary statistics shared by the analyses. */

export interface MeanStd {
  mean: number;
  /** Population standard deviation (divides by the count, as numpy's default `np.std`); 0 for fewer than 2 values. */
  std: number;
}

export function meanStd(values: ArrayLike<number>): MeanStd {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN };
  let s = 0;
  for (let k = 0; k < n; k++) s += values[k];
  const mean = s / n;
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (values[k] - mean) ** 2;
  return { mean, std: Math.sqrt(ss / n) };
}

export interface Histogram {
  /** bins + 1 edges from lo to hi. */
  edges: Float64Array;
  /** Count per bin [edges[b], edges[b+1]); the last bin also holds values equal to hi. */
  counts: Int32Array;
  /** Values that fell inside [lo, hi]. */
  total: number;
}

/** Fixed-range histogram (values outside [lo, hi] are left out of `counts` and `total`). */
export function histogram(values: ArrayLike<number>, bins = 50, lo = 0, hi = 1): Histogram {
  const edges = Float64Array.from({ length: bins + 1 }, (_, b) => lo + ((hi - lo) * b) / bins);
  const counts = new Int32Array(bins);
  let total = 0;
  for (let k = 0; k < values.length; k++) {
    const x = values[k];
    if (!(x >= lo && x <= hi)) continue;
    counts[Math.min(bins - 1, Math.floor(((x - lo) / (hi - lo)) * bins))]++;
    total++;
  }
  return { edges, counts, total };
}

/** The q-quantile (0..1) of the values by linear interpolation between order statistics (numpy's default). */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Two-sided Fisher exact test of the 2 × 2 table [[a, b], [c, d]]: with the row and column sums fixed, the
 * probability of every table no more likely than this one (the hypergeometric null of "rows and columns unrelated").
 */
export function fisherExactP(a: number, b: number, c: number, d: number): number {
  const n = a + b + c + d;
  const row = a + b;
  const col = a + c;
  const logFactorial = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) logFactorial[k] = logFactorial[k - 1] + Math.log(k);
  const lf = (k: number) => logFactorial[k];
  const margins = lf(row) + lf(n - row) + lf(col) + lf(n - col) - lf(n);
  const logProbability = (x: number) => margins - lf(x) - lf(row - x) - lf(col - x) - lf(n - row - col + x);
  const observed = logProbability(a);
  let p = 0;
  for (let x = Math.max(0, row + col - n); x <= Math.min(row, col); x++) {
    const lp = logProbability(x);
    if (lp <= observed + 1e-7) p += Math.exp(lp); // relative tolerance: ties in probability count as "as extreme"
  }
  return Math.min(1, p);
}
