import { Rng, RngStream } from '../rng.ts';
import { absolute, matMulTransposed } from './cosine.ts';
import { colBestMatches, pwmccMaxOf, pwmccOneToOneOf, rowBestMatches } from './pairMetrics.ts';
import { type Histogram, type MeanStd, histogram, meanStd, quantile } from './stats.ts';

/**
 * Chance levels for the stability measures (SCIENCE.md §4: "always show it"): what two SAEs whose latents are
 * independent random unit vectors in R^d would score. Computed for the actual d and n, never hard-coded.
 */

/** n random unit vectors in R^d as rows [n, d] (isotropic: normalised standard normals). */
export function randomUnitDictionary(rng: Rng, n: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const x = rng.normal();
      out[i * d + k] = x;
      s += x * x;
    }
    const scale = 1 / Math.sqrt(s);
    for (let k = 0; k < d; k++) out[i * d + k] *= scale;
  }
  return out;
}

/** ∫ cos^m θ dθ over [from, to] by composite Simpson (the integrand is smooth, so 2,048 panels are ample). */
function integrateCosPower(m: number, from: number, to: number): number {
  const panels = 2048;
  const h = (to - from) / panels;
  let s = Math.cos(from) ** m + Math.cos(to) ** m;
  for (let k = 1; k < panels; k++) s += (k % 2 === 1 ? 4 : 2) * Math.cos(from + k * h) ** m;
  return (s * h) / 3;
}

/**
 * P(|cos| > x) between a fixed unit vector and a uniformly random one in R^d (d >= 2). With cos = sin θ, the density
 * of θ on [-π/2, π/2] is proportional to cos^(d-2) θ, so the tail is ∫_{asin x}^{π/2} cos^(d-2) / ∫_0^{π/2} cos^(d-2).
 */
export function absCosineTail(x: number, d: number): number {
  if (d < 2) throw new Error('d must be at least 2');
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  return integrateCosPower(d - 2, Math.asin(x), Math.PI / 2) / integrateCosPower(d - 2, 0, Math.PI / 2);
}

/**
 * The best-match level a single latent beats by chance with probability only `pValue`: the (1 - pValue) quantile of
 * max_j |cos(u, v_j)| over n independent random unit vectors v_j in R^d. The n cosines are independent given u, so
 * P(max <= x) = (1 - tail(x))^n; solved for x by bisection. About 0.38 for d = 128, n = 1024, p = 0.01.
 */
export function bestMatchThreshold(d: number, n: number, pValue = 0.01): number {
  if (d < 2) throw new Error('d must be at least 2');
  const tail = -Math.expm1(Math.log1p(-pValue) / n); // per-vector tail probability that gives the wanted max tail
  const whole = integrateCosPower(d - 2, 0, Math.PI / 2);
  let lo = 0;
  let hi = 1;
  for (let it = 0; it < 40; it++) {
    const mid = 0.5 * (lo + hi);
    if (integrateCosPower(d - 2, Math.asin(mid), Math.PI / 2) / whole > tail) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

export interface RandomBaselineOptions {
  /** Independent pairs of random dictionaries (default 2; at n = 1024 one pair already pins PWMCC to ~0.001). */
  trials?: number;
  /** Seed of the RngStream.random stream (default 0). */
  seed?: number;
  /** Also run the Hungarian one-to-one form (default true; O(n³), skip it for very large n). */
  oneToOne?: boolean;
  /** p-value of the best-match chance threshold (default 0.01). */
  pValue?: number;
  /** Bins of the best-match histogram over [0, 1] (default 50). */
  bins?: number;
}

export interface RandomBaseline {
  d: number;
  n: number;
  trials: number;
  seed: number;
  /** PWMCC, max-cosine form, over the random pairs. */
  pwmccMax: MeanStd & { values: number[] };
  /** PW-MCC, one-to-one form, over the random pairs (null when not computed). */
  pwmccOneToOne: (MeanStd & { values: number[] }) | null;
  pValue: number;
  /** Analytic best-match chance threshold at pValue (see `bestMatchThreshold`). */
  bestMatchThreshold: number;
  /** The same quantile read off the simulated best matches (a check on the analytic value). */
  bestMatchThresholdSimulated: number;
  /** Best-match |cos| of every random latent (both directions, all trials). */
  bestMatchHistogram: Histogram;
}

/**
 * Monte Carlo chance levels for two SAEs of n latents in R^d, seeded and deterministic, with a fixed number of pairs.
 * The reports (page and CLI) use nulls.ts's `isotropicNull` instead, which draws until the standard error is ≤ 0.002.
 */
export async function randomBaseline(d: number, n: number, options: RandomBaselineOptions = {}): Promise<RandomBaseline> {
  const { trials = 2, seed = 0, oneToOne = true, pValue = 0.01, bins = 50 } = options;
  const rng = new Rng(seed, RngStream.random);
  const maxValues: number[] = [];
  const oneToOneValues: number[] = [];
  const bestMatches = new Float32Array(2 * n * trials);
  for (let t = 0; t < trials; t++) {
    const a = randomUnitDictionary(rng, n, d);
    const b = randomUnitDictionary(rng, n, d);
    const absCos = absolute(await matMulTransposed(a, b, n, n, d)); // [n, n]
    maxValues.push(pwmccMaxOf(absCos, n, n));
    if (oneToOne) oneToOneValues.push(pwmccOneToOneOf(absCos, n, n).value);
    bestMatches.set(rowBestMatches(absCos, n, n).cos, 2 * n * t);
    bestMatches.set(colBestMatches(absCos, n, n).cos, 2 * n * t + n);
  }
  return {
    d,
    n,
    trials,
    seed,
    pwmccMax: { ...meanStd(maxValues), values: maxValues },
    pwmccOneToOne: oneToOne ? { ...meanStd(oneToOneValues), values: oneToOneValues } : null,
    pValue,
    bestMatchThreshold: bestMatchThreshold(d, n, pValue),
    bestMatchThresholdSimulated: quantile(bestMatches, 1 - pValue),
    bestMatchHistogram: histogram(bestMatches, bins, 0, 1),
  };
}
