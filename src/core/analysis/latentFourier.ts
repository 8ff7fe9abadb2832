import { fourierBasis } from './fourier.ts';
import { FOURIER_UNIT_THRESHOLD, type UnitSpectra, unitSpectra } from './fourierUnits.ts';

/**
 * Are an SAE's latents Fourier features, and the transformer's? Done soundly in token space (SCIENCE.md §2): from
 * each latent's activation over the p x p input grid. Run the same on a random SAE's activations for the baseline.
 */

export interface FourierShare {
  nUnits: number;
  /** Units with non-zero centred energy (dead and constant units are not features). */
  nLive: number;
  /** Live units whose dominant frequency explains >= threshold of their energy. */
  nFourier: number;
  /** nFourier / nLive (0 when none is live). */
  share: number;
  threshold: number;
  /** countsByFrequency[k] = Fourier units of frequency k (index 0 unused). */
  countsByFrequency: Int32Array;
  /** Distinct frequencies of the Fourier units, ascending. */
  frequencies: number[];
  /** Fourier units whose frequency is one of the transformer's key frequencies, and their share of nFourier. */
  onKeyFrequencies: number;
  keyAlignedShare: number;
  /** Key frequencies with at least one Fourier unit, and those with none. */
  keyCovered: number[];
  keyMissing: number[];
}

/** Fourier share of units from their spectra, against the transformer's key frequencies. */
export function fourierShare(spectra: UnitSpectra, keyFrequencies: number[], threshold = FOURIER_UNIT_THRESHOLD): FourierShare {
  const countsByFrequency = new Int32Array(spectra.nFreq + 1);
  let nLive = 0;
  let nFourier = 0;
  for (let u = 0; u < spectra.nUnits; u++) {
    if (!(spectra.energy[u] > 0)) continue;
    nLive++;
    if (spectra.dominant[u] > 0 && spectra.dominantFraction[u] >= threshold) {
      nFourier++;
      countsByFrequency[spectra.dominant[u]]++;
    }
  }
  const frequencies = [...countsByFrequency.keys()].filter((k) => countsByFrequency[k] > 0);
  const keys = [...new Set(keyFrequencies)].sort((a, b) => a - b);
  const onKeyFrequencies = keys.reduce((s, k) => s + (countsByFrequency[k] ?? 0), 0);
  return {
    nUnits: spectra.nUnits,
    nLive,
    nFourier,
    share: nLive > 0 ? nFourier / nLive : 0,
    threshold,
    countsByFrequency,
    frequencies,
    onKeyFrequencies,
    keyAlignedShare: nFourier > 0 ? onKeyFrequencies / nFourier : 0,
    keyCovered: keys.filter((k) => (countsByFrequency[k] ?? 0) > 0),
    keyMissing: keys.filter((k) => !((countsByFrequency[k] ?? 0) > 0)),
  };
}

/**
 * Spectra and Fourier share of an SAE's latents. `activations` is [nLatents, p²] (each latent over the input grid,
 * row-major in (a, b)), or [p², nLatents] with `inputMajor`.
 */
export function latentFourierShare(
  activations: ArrayLike<number>, nLatents: number, p: number, keyFrequencies: number[],
  options: { threshold?: number; inputMajor?: boolean } = {},
): { spectra: UnitSpectra; share: FourierShare } {
  const spectra = unitSpectra(activations, nLatents, p, options.inputMajor ?? false);
  return { spectra, share: fourierShare(spectra, keyFrequencies, options.threshold) };
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
 * the SAE learned. The sound measure is `latentFourierShare` (the latent's activation over the input grid).
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
