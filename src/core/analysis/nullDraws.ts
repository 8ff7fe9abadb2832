import { absolute, matMulTransposed, matMulTransposedJs } from './cosine.ts';
import { maximizeAssignment } from './hungarian.ts';
import { colBestMatches, rowBestMatches } from './pairMetrics.ts';
import { type MeanStd, meanStd, quantile } from './stats.ts';

/**
 * The Monte Carlo machinery of the stability nulls (nulls.ts): one dictionary pair compared under a null, the rule
 * that decides how many draws are enough (one function, so the page and the CLI draw exactly the same), and the
 * summary of the draws at a shared-latent threshold.
 */

/** The standard error every Monte Carlo null aims for (SCIENCE.md §4b). */
export const NULL_STANDARD_ERROR = 0.002;
/** Fewest draws: enough for a first estimate of the spread. */
export const MIN_DRAWS = 4;
/** The shared-latent threshold the stopping rule reads (the measure's default), so the draws never depend on the slider. */
export const DRAW_RULE_THRESHOLD = 0.7;

/**
 * Most draws for pairs of n latents, `pairsPerDraw` pairs each: about the work of 64 pairs at n = 1,024 (the cosine
 * product and matchings scale roughly with n²), at most 1,000, never fewer than MIN_DRAWS. At n = 1,024 the spread of
 * one pair is ~0.001, so the minimum already meets the target; small n needs many draws but each costs microseconds.
 */
export function maxDraws(n: number, pairsPerDraw = 1): number {
  const budget = Math.floor((64 * (1024 / Math.max(1, n)) ** 2) / Math.max(1, pairsPerDraw));
  return Math.max(MIN_DRAWS, Math.min(1000, budget));
}

/**
 * Small problems skip the backend (a tensor round trip costs more than the product) and the sparse assignment phase
 * (its candidate lists pay off only for large n; measured 14 against 23 ms per pair at n = 128). Same results.
 */
const SMALL_PRODUCT = 1 << 20;
const assignmentOptions = (n: number) => ({ method: n <= 256 ? 'dense' as const : 'auto' as const });
const product = (a: Float32Array, b: Float32Array, nA: number, nB: number, d: number) =>
  nA * nB * d <= SMALL_PRODUCT ? Promise.resolve(matMulTransposedJs(a, b, nA, nB, d)) : matMulTransposed(a, b, nA, nB, d);

/** One pair of dictionaries compared under a null. */
export interface PairSample {
  pwmccMax: number;
  pwmccOneToOne: number;
  /**
   * Per latent of A [nA]: min(decoder cos, encoder cos) with its partner when the decoder and encoder matchings agree,
   * else −∞. The shared fraction at threshold t is #(score ≥ t) / min(nA, nB), the same as sharedLatentsOf.
   */
  sharedScores: Float32Array;
  sharedOf: number;
  /** Best-match |cos| of every latent of A in B, then of B in A [nA + nB]. */
  bestMatches: Float32Array;
}

/**
 * Scores one pair from unit-norm decoder rows (and encoder rows; null = tied, encoder = decoder, as the lab's SAEs
 * are at initialisation). Rows are [n, d].
 */
export async function samplePair(
  decA: Float32Array, decB: Float32Array, encA: Float32Array | null, encB: Float32Array | null, nA: number, nB: number, d: number,
): Promise<PairSample> {
  const signed = await product(decA, decB, nA, nB, d); // [nA, nB]
  const abs = absolute(signed);
  const rows = rowBestMatches(abs, nA, nB).cos;
  const cols = colBestMatches(abs, nA, nB).cos;
  const bestMatches = new Float32Array(nA + nB);
  bestMatches.set(rows, 0);
  bestMatches.set(cols, nA);
  const mean = (x: Float32Array) => x.reduce((s, v) => s + v, 0) / x.length;
  const encoder = encA && encB ? await product(encA, encB, nA, nB, d) : signed;
  return {
    pwmccMax: 0.5 * (mean(rows) + mean(cols)),
    pwmccOneToOne: maximizeAssignment(abs, nA, nB, assignmentOptions(Math.max(nA, nB))).total / Math.min(nA, nB),
    sharedScores: sharedScoresOf(signed, encoder, nA, nB),
    sharedOf: Math.min(nA, nB),
    bestMatches,
  };
}

/** Per latent of A: min of both signed cosines when the decoder and encoder matchings pick the same partner, else −∞. */
export function sharedScoresOf(decoderCos: Float32Array, encoderCos: Float32Array, nA: number, nB: number): Float32Array {
  const options = assignmentOptions(Math.max(nA, nB));
  const byDecoder = maximizeAssignment(decoderCos, nA, nB, options).rowToCol;
  const byEncoder = encoderCos === decoderCos ? byDecoder : maximizeAssignment(encoderCos, nA, nB, options).rowToCol;
  const scores = new Float32Array(nA).fill(-Infinity);
  for (let i = 0; i < nA; i++) {
    const j = byDecoder[i];
    if (j >= 0 && byEncoder[i] === j) scores[i] = Math.min(decoderCos[i * nB + j], encoderCos[i * nB + j]);
  }
  return scores;
}

export const sharedFractionOf = (s: PairSample, threshold: number): number =>
  s.sharedScores.reduce((count, x) => count + (x >= threshold ? 1 : 0), 0) / s.sharedOf;

type Measure = (s: PairSample) => number;
const MEASURES: Record<'pwmccMax' | 'pwmccOneToOne' | 'sharedFraction', (t: number) => Measure> = {
  pwmccMax: () => (s) => s.pwmccMax,
  pwmccOneToOne: () => (s) => s.pwmccOneToOne,
  sharedFraction: (t) => (s) => sharedFractionOf(s, t),
};

/** Standard error of the mean over draws: sample std (n − 1) of the per-draw means over √draws. */
function standardError(draws: PairSample[][], measure: Measure): number {
  const means = draws.map((pairs) => pairs.reduce((s, p) => s + measure(p), 0) / pairs.length);
  const k = means.length;
  if (k < 2) return Infinity;
  const { mean } = meanStd(means);
  const variance = means.reduce((s, x) => s + (x - mean) ** 2, 0) / (k - 1);
  return Math.sqrt(variance / k);
}

export interface StandardErrors {
  pwmccMax: number;
  pwmccOneToOne: number;
  sharedFraction: number;
}

export function standardErrors(draws: PairSample[][], threshold: number): StandardErrors {
  return {
    pwmccMax: standardError(draws, MEASURES.pwmccMax(threshold)),
    pwmccOneToOne: standardError(draws, MEASURES.pwmccOneToOne(threshold)),
    sharedFraction: standardError(draws, MEASURES.sharedFraction(threshold)),
  };
}

/**
 * Draws until every measure's standard error is ≤ NULL_STANDARD_ERROR (shared fraction read at DRAW_RULE_THRESHOLD),
 * at least MIN_DRAWS and at most `cap` times. `draw(t)` returns the pairs compared in draw t. Deterministic: the
 * draws and the stopping point depend only on what `draw` returns.
 */
export async function drawUntilPrecise(draw: (t: number) => Promise<PairSample[]>, cap: number): Promise<PairSample[][]> {
  const draws: PairSample[][] = [];
  while (draws.length < cap) {
    draws.push(await draw(draws.length));
    if (draws.length < MIN_DRAWS) continue;
    const se = standardErrors(draws, DRAW_RULE_THRESHOLD);
    if (Math.max(se.pwmccMax, se.pwmccOneToOne, se.sharedFraction) <= NULL_STANDARD_ERROR) break;
  }
  return draws;
}

/** What a null gives for each measure: mean and spread of one pair's value under it. */
export interface NullStats {
  /** PWMCC, max-cosine form (the plan's metric). */
  pwmccMax: MeanStd;
  /** PW-MCC, one-to-one form (Song et al. 2025). */
  pwmccOneToOne: MeanStd;
  /** Shared-latent fraction at the threshold asked for. */
  sharedFraction: MeanStd;
  /** Monte Carlo draws, and dictionary pairs compared per draw. */
  draws: number;
  pairsPerDraw: number;
  /** Standard error of each mean. */
  standardError: StandardErrors;
  /** (1 − pValue) quantile of one latent's best match under this null: the per-latent chance level it implies. */
  bestMatchThreshold: number;
}

/** Mean and population std over every pair of every draw (the spread a trained pair is compared with). */
export function nullStats(draws: PairSample[][], threshold: number, pValue = 0.01): NullStats {
  const pairs = draws.flat();
  const of = (m: Measure) => meanStd(pairs.map(m));
  const best = new Float32Array(pairs.reduce((s, p) => s + p.bestMatches.length, 0));
  let at = 0;
  for (const p of pairs) {
    best.set(p.bestMatches, at);
    at += p.bestMatches.length;
  }
  return {
    pwmccMax: of(MEASURES.pwmccMax(threshold)),
    pwmccOneToOne: of(MEASURES.pwmccOneToOne(threshold)),
    sharedFraction: of(MEASURES.sharedFraction(threshold)),
    draws: draws.length,
    pairsPerDraw: draws[0]?.length ?? 0,
    standardError: standardErrors(draws, threshold),
    bestMatchThreshold: quantile(best, 1 - pValue),
  };
}
