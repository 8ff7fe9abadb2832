/**
 * What the stability section shows while and after an SAE run trains (stabilityTracker.ts builds these): plain
 * numbers and arrays only, so the page can import the types without tensor code.
 */
import type { ActivationDimensions } from '../analysis/activationGeometry.ts';
import type { StabilityReport, Stat } from './analyze.ts';

/** Fixed-range histogram: counts[b] values in [edges[b], edges[b + 1]). */
export interface HistogramData {
  edges: number[];
  counts: number[];
  total: number;
}

/**
 * Isotropic chance for two SAEs of n random unit latents in R^d (computed by Monte Carlo, never hard-coded): the
 * only null during training; the final report (`StabilityReport.nulls`) adds the nulls that respect the data.
 */
export interface StabilityBaseline {
  d: number;
  n: number;
  pwmccMax: { mean: number; std: number };
  pwmccOneToOne: { mean: number; std: number };
  /** p < 0.01 level of one latent's best match among n random unit vectors in R^d. */
  bestMatchThreshold: number;
  /** Best-match |cos| of random latents, 50 bins over [0, 1]. */
  bestMatchHistogram: HistogramData;
}

/**
 * The stability of the seeds' SAEs at one moment. `initial`: the untrained SAEs (all three forms); `live`: during
 * training, max-cosine form only (no Hungarian matchings, cheap); `final`: after training, all three forms.
 */
export interface StabilitySnapshot {
  phase: 'initial' | 'live' | 'final';
  /** SAE training step the decoders were read at. */
  step: number;
  seeds: number[];
  pwmccMax: Stat;
  pwmccOneToOne: Stat | null;
  sharedFraction: Stat | null;
  sharedThreshold: number;
  /** Latents matched above the chance threshold in every other seed, per seed (of `n`). */
  stableLatents: { perSeed: number[]; threshold: number; n: number };
  /** Best-match |cos| of every latent in every other seed, 50 bins over [0, 1]. */
  bestMatchHistogram: HistogramData;
  elapsedMs: number;
}

export type StabilityUpdate =
  /** At the start of an SAE run: isotropic chance, the untrained SAEs' scores and the activations' dimensionality. */
  | { kind: 'baseline'; baseline: StabilityBaseline; initial: StabilitySnapshot; activations: ActivationDimensions }
  | { kind: 'live'; snapshot: StabilitySnapshot }
  /** After training (and after each change of the shared-latent threshold): the report the CLI writes, every null in it. */
  | { kind: 'final'; snapshot: StabilitySnapshot; initial: StabilitySnapshot; report: StabilityReport };
