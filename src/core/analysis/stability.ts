import { absolute, matMulTransposed, normalizeRows } from './cosine.ts';
import {
  type BestMatches, type Dictionary, colBestMatches, pwmccOneToOneOf, rowBestMatches, sharedLatentsOf,
} from './pairMetrics.ts';
import { bestMatchThreshold } from './randomBaseline.ts';
import { meanStd } from './stats.ts';

/**
 * Stability across N SAEs trained with different seeds (SCIENCE.md §4): every measure as an N x N matrix with mean
 * and std over the N(N-1)/2 pairs, and per-latent best matches with a chance threshold.
 */

export interface PairwiseStat {
  /** [N][N], symmetric, diagonal 1 (an SAE compared with itself). */
  matrix: number[][];
  /** Mean and population std over the N(N-1)/2 pairs i < j. */
  mean: number;
  std: number;
}

export interface LatentStability {
  /** Chance threshold used against each other seed t (the p < pValue best-match level for d and that seed's n). */
  threshold: number[];
  /** bestMatch[s][t]: for each latent of seed s, its best match (max |cos| of decoders) in seed t; null when s = t. */
  bestMatch: (BestMatches | null)[][];
  /** matchedIn[s][i]: number of other seeds where latent i of seed s has a best match above the threshold. */
  matchedIn: Uint8Array[];
  /** stable[s][i] = 1 when matchedIn[s][i] >= minSeeds. */
  stable: Uint8Array[];
  /** Number of stable latents per seed. */
  stableCount: number[];
  minSeeds: number;
}

export interface StabilityResult {
  pwmccMax: PairwiseStat;
  /** Null with `maxCosineOnly`. */
  pwmccOneToOne: PairwiseStat | null;
  /** Null with `maxCosineOnly` or when the encoders were not given. */
  sharedFraction: PairwiseStat | null;
  sharedThreshold: number;
  latents: LatentStability;
  /** Wall time of the whole analysis, ms. */
  elapsedMs: number;
}

export interface StabilityOptions {
  /** Signed-cosine threshold of the shared-latent fraction (default 0.7). */
  sharedThreshold?: number;
  /** p-value of the per-latent chance threshold (default 0.01). */
  pValue?: number;
  /** Fixed per-latent threshold instead of the computed chance level. */
  chanceThreshold?: number;
  /** Other seeds a latent must be matched in to count as stable (default N - 1, i.e. all of them). */
  minSeeds?: number;
  /** Skip the Hungarian-based forms (one-to-one and shared), e.g. for a cheap live update. */
  maxCosineOnly?: boolean;
}

function pairwiseStat(values: number[][], nSeeds: number): PairwiseStat {
  const upper: number[] = [];
  for (let a = 0; a < nSeeds; a++) for (let b = a + 1; b < nSeeds; b++) upper.push(values[a][b]);
  return { matrix: values, ...meanStd(upper) };
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, a) => Array.from({ length: n }, (_, b) => (a === b ? 1 : NaN)));
}

/** All pairwise stability measures and per-latent stability of N >= 2 SAEs over the same d. */
export async function pairwiseStability(dicts: Dictionary[], options: StabilityOptions = {}): Promise<StabilityResult> {
  const start = performance.now();
  const N = dicts.length;
  if (N < 2) throw new Error('stability needs at least two SAEs');
  const { sharedThreshold = 0.7, pValue = 0.01, maxCosineOnly = false } = options;
  const withShared = !maxCosineOnly && dicts.every((x) => x.encoder !== undefined);
  const maxM = identity(N);
  const oneM = identity(N);
  const sharedM = identity(N);
  const bestMatch: (BestMatches | null)[][] = dicts.map(() => dicts.map(() => null));
  if (dicts.some((x) => x.d !== dicts[0].d)) throw new Error('all SAEs must have the same input dimension d');
  const d = dicts[0].d;
  const decoders = dicts.map((x) => normalizeRows(x.decoder, x.n, d)); // each normalised once, not once per pair
  const encoders = withShared ? dicts.map((x) => normalizeRows(x.encoder!, x.n, d)) : [];
  for (let a = 0; a < N; a++) {
    for (let b = a + 1; b < N; b++) {
      const [nA, nB] = [dicts[a].n, dicts[b].n];
      const signed = await matMulTransposed(decoders[a], decoders[b], nA, nB, d); // [nA, nB] signed decoder cosines
      const abs = absolute(signed);
      bestMatch[a][b] = rowBestMatches(abs, nA, nB);
      bestMatch[b][a] = colBestMatches(abs, nA, nB);
      maxM[a][b] = maxM[b][a] = 0.5 * (meanStd(bestMatch[a][b]!.cos).mean + meanStd(bestMatch[b][a]!.cos).mean);
      if (maxCosineOnly) continue;
      oneM[a][b] = oneM[b][a] = pwmccOneToOneOf(abs, nA, nB).value;
      if (withShared) {
        const encoder = await matMulTransposed(encoders[a], encoders[b], nA, nB, d);
        // No pair above the threshold in both (e.g. untrained SAEs): nothing can be shared, skip the two matchings.
        sharedM[a][b] = sharedM[b][a] = anyJointlyAbove(signed, encoder, sharedThreshold)
          ? sharedLatentsOf(signed, encoder, nA, nB, sharedThreshold).fraction
          : 0;
      }
    }
  }
  const levels = new Map<string, number>(); // one chance level per distinct (d, n)
  const threshold = dicts.map((t) => {
    if (options.chanceThreshold !== undefined) return options.chanceThreshold;
    const key = `${t.d}/${t.n}`;
    if (!levels.has(key)) levels.set(key, bestMatchThreshold(t.d, t.n, pValue));
    return levels.get(key)!;
  });
  return {
    pwmccMax: pairwiseStat(maxM, N),
    pwmccOneToOne: maxCosineOnly ? null : pairwiseStat(oneM, N),
    sharedFraction: withShared ? pairwiseStat(sharedM, N) : null,
    sharedThreshold,
    latents: latentStability(bestMatch, threshold, options.minSeeds ?? N - 1),
    elapsedMs: performance.now() - start,
  };
}

function anyJointlyAbove(a: Float32Array, b: Float32Array, threshold: number): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] >= threshold && b[k] >= threshold) return true;
  return false;
}

/**
 * Per-latent stability from the best matches: latent i of seed s is matched in seed t when its best |cos| there
 * exceeds t's chance threshold, and stable when matched in at least `minSeeds` other seeds.
 */
export function latentStability(bestMatch: (BestMatches | null)[][], threshold: number[], minSeeds: number): LatentStability {
  const N = bestMatch.length;
  const matchedIn: Uint8Array[] = [];
  const stable: Uint8Array[] = [];
  const stableCount: number[] = [];
  for (let s = 0; s < N; s++) {
    const n = bestMatch[s].find((m) => m !== null)?.cos.length ?? 0;
    const counts = new Uint8Array(n);
    for (let t = 0; t < N; t++) {
      const m = bestMatch[s][t];
      if (m) for (let i = 0; i < n; i++) if (m.cos[i] > threshold[t]) counts[i]++;
    }
    const flags = counts.map((c) => (c >= minSeeds ? 1 : 0));
    matchedIn.push(counts);
    stable.push(flags);
    stableCount.push(flags.reduce((x, y) => x + y, 0));
  }
  return { threshold, bestMatch, matchedIn, stable, stableCount, minSeeds };
}

/** Every best-match |cos| of every seed's latents in every other seed (for a histogram against the random one). */
export function bestMatchCosines(latents: LatentStability): Float32Array {
  const parts = latents.bestMatch.flat().filter((m): m is BestMatches => m !== null);
  const out = new Float32Array(parts.reduce((s, m) => s + m.cos.length, 0));
  let at = 0;
  for (const m of parts) {
    out.set(m.cos, at);
    at += m.cos.length;
  }
  return out;
}

/** Pairwise max-cosine PWMCC alone (Hungarian-free), for frequent live updates during SAE training. */
export async function pwmccMaxMatrix(dicts: Dictionary[]): Promise<PairwiseStat> {
  return (await pairwiseStability(dicts, { maxCosineOnly: true })).pwmccMax;
}
