import { absolute, cosineMatrix } from './cosine.ts';
import { type Assignment, maximizeAssignment } from './hungarian.ts';

/**
 * The three stability measures of SCIENCE.md §4 for one pair of SAEs, A and B. Each has a pure form over a cosine
 * matrix (row i = latent i of A, column j = latent j of B, row-major [nA, nB]) and an async form over dictionaries.
 */

/** One SAE's dictionaries, rows need not be unit norm (they are normalised here). */
export interface Dictionary {
  /** Number of latents n. */
  n: number;
  /** Input dimension d. */
  d: number;
  /** [n, d]: row i is latent i's decoder direction (SAELens W_dec layout). */
  decoder: Float32Array;
  /** [n, d]: row i is latent i's encoder vector, i.e. column i of SAELens W_enc [d, n] (use `transpose`). */
  encoder?: Float32Array;
}

/** For each row (latent of A): the column (latent of B) with the largest entry, and that entry. */
export interface BestMatches {
  index: Int32Array;
  cos: Float32Array;
}

/** Best match of every row of `m` [nA, nB] (first index wins ties). */
export function rowBestMatches(m: Float32Array, nA: number, nB: number): BestMatches {
  const index = new Int32Array(nA);
  const cos = new Float32Array(nA);
  for (let i = 0; i < nA; i++) {
    let best = -Infinity;
    let arg = -1;
    for (let j = 0; j < nB; j++) {
      const x = m[i * nB + j];
      if (x > best) {
        best = x;
        arg = j;
      }
    }
    index[i] = arg;
    cos[i] = best;
  }
  return { index, cos };
}

/** Best match of every column of `m` [nA, nB] (first index wins ties), scanning rows in memory order. */
export function colBestMatches(m: Float32Array, nA: number, nB: number): BestMatches {
  const index = new Int32Array(nB).fill(-1);
  const cos = new Float32Array(nB).fill(-Infinity);
  for (let i = 0; i < nA; i++) {
    for (let j = 0; j < nB; j++) {
      const x = m[i * nB + j];
      if (x > cos[j]) {
        cos[j] = x;
        index[j] = i;
      }
    }
  }
  return { index, cos };
}

function mean(x: Float32Array): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k];
  return s / x.length;
}

/**
 * PWMCC, max-cosine form: 0.5 * (mean over A's latents of their best |cos| in B + mean over B's latents of their best
 * |cos| in A). Matches may repeat. `absCos` = |cosine| [nA, nB].
 */
export function pwmccMaxOf(absCos: Float32Array, nA: number, nB: number): number {
  return 0.5 * (mean(rowBestMatches(absCos, nA, nB).cos) + mean(colBestMatches(absCos, nA, nB).cos));
}

/**
 * PW-MCC, one-to-one form (Song et al. 2025): mean |cos| over the optimal one-to-one matching (Hungarian on
 * 1 - |cos|), over min(nA, nB) matched pairs.
 */
export function pwmccOneToOneOf(absCos: Float32Array, nA: number, nB: number): { value: number; matching: Assignment } {
  const matching = maximizeAssignment(absCos, nA, nB);
  return { value: matching.total / Math.min(nA, nB), matching };
}

export interface SharedLatents {
  /** Shared latents / min(nA, nB). */
  fraction: number;
  count: number;
  /** [nA]: 1 where A's latent is shared. */
  shared: Uint8Array;
  /** One-to-one matchings maximising the signed cosine of decoder rows and of encoder rows. */
  decoderMatch: Assignment;
  encoderMatch: Assignment;
}

/**
 * Shared-latent fraction (Paulo & Belrose 2025): Hungarian matching done separately on the signed decoder cosines
 * and the signed encoder cosines; A's latent i is shared when both matchings give it the same partner j and both
 * cosines (decoder i·j and encoder i·j) are >= threshold.
 */
export function sharedLatentsOf(
  decoderCos: Float32Array, encoderCos: Float32Array, nA: number, nB: number, threshold = 0.7,
): SharedLatents {
  const decoderMatch = maximizeAssignment(decoderCos, nA, nB);
  const encoderMatch = maximizeAssignment(encoderCos, nA, nB);
  const shared = new Uint8Array(nA);
  let count = 0;
  for (let i = 0; i < nA; i++) {
    const j = decoderMatch.rowToCol[i];
    if (j < 0 || encoderMatch.rowToCol[i] !== j) continue;
    if (decoderCos[i * nB + j] >= threshold && encoderCos[i * nB + j] >= threshold) {
      shared[i] = 1;
      count++;
    }
  }
  return { fraction: count / Math.min(nA, nB), count, shared, decoderMatch, encoderMatch };
}

function checkPair(a: Dictionary, b: Dictionary): void {
  if (a.d !== b.d) throw new Error(`dictionaries live in different spaces (d = ${a.d} and ${b.d})`);
}

/** Signed decoder cosines [a.n, b.n]. */
export async function decoderCosines(a: Dictionary, b: Dictionary): Promise<Float32Array> {
  checkPair(a, b);
  return cosineMatrix(a.decoder, b.decoder, a.n, b.n, a.d);
}

/** Signed encoder cosines [a.n, b.n]; both dictionaries need encoders. */
export async function encoderCosines(a: Dictionary, b: Dictionary): Promise<Float32Array> {
  checkPair(a, b);
  if (!a.encoder || !b.encoder) throw new Error('shared-latent fraction needs the encoders of both SAEs');
  return cosineMatrix(a.encoder, b.encoder, a.n, b.n, a.d);
}

/** PWMCC, max-cosine form, of two dictionaries' decoders. */
export async function pwmccMax(a: Dictionary, b: Dictionary): Promise<number> {
  return pwmccMaxOf(absolute(await decoderCosines(a, b)), a.n, b.n);
}

/** PW-MCC, one-to-one (Hungarian) form, of two dictionaries' decoders. */
export async function pwmccOneToOne(a: Dictionary, b: Dictionary): Promise<number> {
  return pwmccOneToOneOf(absolute(await decoderCosines(a, b)), a.n, b.n).value;
}

/** Shared-latent fraction of two SAEs (needs encoders). */
export async function sharedFraction(a: Dictionary, b: Dictionary, threshold = 0.7): Promise<SharedLatents> {
  return sharedLatentsOf(await decoderCosines(a, b), await encoderCosines(a, b), a.n, b.n, threshold);
}
