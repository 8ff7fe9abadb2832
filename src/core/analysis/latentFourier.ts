import { fourierBasis } from './fourier.ts';
import { FOURIER_UNIT_THRESHOLD, type UnitSpectra, unitSpectra } from './fourierUnits.ts';

/**
 * Are an SAE's latents Fourier features, and the transformer's? Done soundly in token space (SCIENCE.md §2): from each
 * latent over the p x p input grid. Run the same on a random SAE's latents for the baseline.
 *
 * The test (docs/metrics.md, "Fourier test for SAE latents"): a latent is a Fourier latent of frequency k when it is
 * live (its activation varies over the inputs) and frequency k explains >= 0.85 of its *pre-activation*
 * h[a, b] = (x[a, b] - b_dec) · W_enc[:, i] + b_enc[i] over the inputs (the unit spectrum of §2, before the ReLU or TopK
 * gate). The pre-activation is linear in the residual, so a latent that reads a frequency-k direction is a clean
 * sinusoid there; its activation is not: the gate cuts the wave and moves energy to 2k, 3k, … (a half-wave rectified
 * wave keeps only 0.84 at k, a narrow TopK band far less), so the same 0.85 on the activation rejects exactly the
 * latents it should find.
 */

export interface LatentFourier {
  nUnits: number;
  /** [n] 1 when the latent's activation varies over the inputs (dead and constant latents are not features). */
  live: Uint8Array;
  /** Spectra of the pre-activations [n, p²]: what the test judges. */
  pre: UnitSpectra;
  /** [n] k for a Fourier latent of frequency k (live, pre-activation fraction >= threshold), else 0. */
  frequency: Int32Array;
  threshold: number;
}

/** 1 where a unit's values over the grid are not all equal. `values` is [n, P] unit-major. */
function varying(values: ArrayLike<number>, n: number, P: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let u = 0; u < n; u++) {
    const first = values[u * P];
    for (let g = 1; g < P && !out[u]; g++) if (values[u * P + g] !== first) out[u] = 1;
  }
  return out;
}

/**
 * The Fourier test of n latents from their pre-activations and activations over the grid, both [n, p²] (row = latent,
 * column = input a·p + b).
 */
export function latentFourier(pre: ArrayLike<number>, activation: ArrayLike<number>, n: number, p: number, threshold = FOURIER_UNIT_THRESHOLD): LatentFourier {
  const P = p * p;
  if (activation.length !== n * P) throw new Error(`activations have ${activation.length} entries, expected ${n} x ${P}`);
  const spectra = unitSpectra(pre, n, p);
  const live = varying(activation, n, P);
  const frequency = Int32Array.from({ length: n }, (_, u) =>
    (live[u] && spectra.dominant[u] > 0 && spectra.dominantFraction[u] >= threshold ? spectra.dominant[u] : 0));
  return { nUnits: n, live, pre: spectra, frequency, threshold };
}

export interface FourierShare {
  nUnits: number;
  /** Live latents (dead and constant ones are not features). */
  nLive: number;
  /** Live latents that pass the Fourier test. */
  nFourier: number;
  /** nFourier / nLive (0 when none is live). */
  share: number;
  threshold: number;
  /** countsByFrequency[k] = Fourier latents of frequency k (index 0 unused). */
  countsByFrequency: Int32Array;
  /** Distinct frequencies of the Fourier latents, ascending. */
  frequencies: number[];
  /** Fourier latents whose frequency is one of the transformer's key frequencies, and their share of nFourier. */
  onKeyFrequencies: number;
  keyAlignedShare: number;
  /** Key frequencies with at least one Fourier latent, and those with none. */
  keyCovered: number[];
  keyMissing: number[];
}

/** Fourier share of latents from their test, against the transformer's key frequencies. */
export function fourierShare(test: LatentFourier, keyFrequencies: number[]): FourierShare {
  const countsByFrequency = new Int32Array(test.pre.nFreq + 1);
  let nLive = 0;
  let nFourier = 0;
  for (let u = 0; u < test.nUnits; u++) {
    if (!test.live[u]) continue;
    nLive++;
    if (test.frequency[u] > 0) {
      nFourier++;
      countsByFrequency[test.frequency[u]]++;
    }
  }
  const frequencies = [...countsByFrequency.keys()].filter((k) => countsByFrequency[k] > 0);
  const keys = [...new Set(keyFrequencies)].sort((a, b) => a - b);
  const onKeyFrequencies = keys.reduce((s, k) => s + (countsByFrequency[k] ?? 0), 0);
  return {
    nUnits: test.nUnits,
    nLive,
    nFourier,
    share: nLive > 0 ? nFourier / nLive : 0,
    threshold: test.threshold,
    countsByFrequency,
    frequencies,
    onKeyFrequencies,
    keyAlignedShare: nFourier > 0 ? onKeyFrequencies / nFourier : 0,
    keyCovered: keys.filter((k) => (countsByFrequency[k] ?? 0) > 0),
    keyMissing: keys.filter((k) => !((countsByFrequency[k] ?? 0) > 0)),
  };
}

/** The test and the Fourier share of n latents from their grids ([n, p²] each). */
export function latentFourierShare(
  grids: { pre: ArrayLike<number>; activation: ArrayLike<number> }, n: number, p: number, keyFrequencies: number[], threshold = FOURIER_UNIT_THRESHOLD,
): { test: LatentFourier; share: FourierShare } {
  const test = latentFourier(grids.pre, grids.activation, n, p, threshold);
  return { test, share: fourierShare(test, keyFrequencies) };
}

/** Why the plan's metric is wrong, in one line (shown beside it wherever it appears). */
export const FLAWED_PLAN_OVERLAP_REASON =
  'residual-stream coordinates are not token positions: it compares a decoder direction cut to its first p coordinates with the DFT ' +
  'basis of the p input tokens, unrelated spaces, so any direction (random ones too) scores about the same';

/**
 * FLAWED — the research plan's "Fourier overlap", kept only so the lab can show what the plan measured, labelled as
 * such. Do not use it as evidence.
 *
 * It takes each latent's decoder direction (a vector in the d-dimensional residual stream), keeps its first p
 * coordinates, and reports the largest |cos| with a row of the p x p Fourier basis, averaged over latents. The
 * residual-stream coordinates are not token positions: the Fourier basis lives on the p input tokens, and nothing
 * lines up the first p residual dimensions with them (the embedding mixes every token into every dimension). The
 * number is therefore what any unit vector scores: for a random direction in R^p the largest of p orthonormal
 * |coordinates| is about sqrt(2 ln(2p) / p) (~0.31 for p = 113), close to the plan's ~0.26 "low overlap", whatever
 * the SAE learned. The sound measure is `latentFourierShare` (the latent over the input grid).
 */
export function flawedPlanFourierOverlap(decoder: ArrayLike<number>, n: number, d: number, p: number): { perLatent: Float32Array; mean: number } {
  if (d < p) throw new Error(`the plan's metric truncates d = ${d} to p = ${p} dimensions and needs d >= p`);
  const F = fourierBasis(p).matrix;
  const perLatent = new Float32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let norm2 = 0;
    for (let x = 0; x < p; x++) norm2 += decoder[i * d + x] ** 2;
    let best = 0;
    for (let r = 0; r < p && norm2 > 0; r++) {
      let dot = 0;
      for (let x = 0; x < p; x++) dot += F[r * p + x] * decoder[i * d + x];
      best = Math.max(best, Math.abs(dot) / Math.sqrt(norm2));
    }
    perLatent[i] = best;
    total += best;
  }
  return { perLatent, mean: n > 0 ? total / n : 0 };
}
