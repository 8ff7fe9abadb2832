/**
 * The analyses of one experiment (SCIENCE.md §2 and §4) from exported weights: is the transformer Fourier, are the
 * SAEs more stable than chance (three PWMCC forms beside the random baseline and the untrained SAEs), and are their
 * latents Fourier features. Shared by the CLI and the worker, so both report the same numbers.
 */
import { embeddingSpectrum } from '../analysis/fourier.ts';
import { latentFourierShare } from '../analysis/latentFourier.ts';
import type { Dictionary } from '../analysis/pairMetrics.ts';
import { randomBaseline } from '../analysis/randomBaseline.ts';
import { type PairwiseStat, pairwiseStability } from '../analysis/stability.ts';
import { transpose } from '../analysis/cosine.ts';
import type { SaeWeights } from '../sae/init.ts';
import type { SaeSpec } from '../spec/sae.ts';
import type { NamedArray } from '../transformer/weights.ts';
import { answerPositionRows, latentGrid } from './latents.ts';

export type Stat = Pick<PairwiseStat, 'matrix' | 'mean' | 'std'>;

export interface StabilityReport {
  /** PWMCC, max-cosine form: 0.5·(mean row max + mean column max) of |cos| between decoder rows. */
  pwmccMax: Stat;
  /** PW-MCC, one-to-one form: mean |cos| over the optimal (Hungarian) matching of decoder rows. */
  pwmccOneToOne: Stat;
  /** Shared-latent fraction: same partner in encoder and decoder matchings, both signed cosines ≥ threshold. */
  sharedFraction: Stat;
  sharedThreshold: number;
  /** Two dictionaries of independent random unit vectors with the same d and n. */
  randomBaseline: { d: number; n: number; pwmccMax: { mean: number; std: number }; pwmccOneToOne: { mean: number; std: number }; bestMatchThreshold: number };
  /** The same seeds' SAEs before training (their initialisation). */
  initial: { pwmccMax: Stat; pwmccOneToOne: Stat; sharedFraction: Stat };
  /** Latents matched above bestMatchThreshold in every other seed. */
  stableLatents: { perSeed: number[]; threshold: number };
  elapsedMs: number;
}

export interface SaeFourier {
  seed: number;
  nLive: number;
  nFourier: number;
  /** Share of live latents that are frequency-k units (dominant fraction ≥ 0.85). */
  share: number;
  frequencies: number[];
  /** Share of Fourier latents whose frequency is a key frequency of the transformer. */
  keyAlignedShare: number;
}

export interface FourierReport {
  keyFrequencies: number[];
  /** Share of ||W_E[0:p]||² in the key frequencies. */
  keyFrequencyFraction: number;
  /** ||Ŵ_E||² per frequency k = 1..(p−1)/2. */
  embeddingNorms: number[];
  saes?: SaeFourier[];
  /** The untrained SAEs' latents: the chance level of `share`. */
  initialSaes?: SaeFourier[];
}

const toDictionary = (w: SaeWeights): Dictionary => ({ n: w.dSae, d: w.dIn, decoder: w.W_dec, encoder: transpose(w.W_enc, w.dIn, w.dSae) });
const stat = (s: PairwiseStat | null): Stat => ({ matrix: s?.matrix ?? [], mean: s?.mean ?? NaN, std: s?.std ?? NaN });

export function analyzeTransformer(WE: NamedArray, p: number): FourierReport {
  const spectrum = embeddingSpectrum(WE.data, p, WE.shape[1]);
  return { keyFrequencies: spectrum.keyFrequencies, keyFrequencyFraction: spectrum.keyFraction, embeddingNorms: Array.from(spectrum.norms) };
}

export async function analyzeStability(trained: SaeWeights[], initial: SaeWeights[]): Promise<StabilityReport> {
  const started = performance.now();
  const { dIn: d, dSae: n } = trained[0];
  const result = await pairwiseStability(trained.map(toDictionary));
  const init = await pairwiseStability(initial.map(toDictionary));
  const random = await randomBaseline(d, n);
  return {
    pwmccMax: stat(result.pwmccMax),
    pwmccOneToOne: stat(result.pwmccOneToOne),
    sharedFraction: stat(result.sharedFraction),
    sharedThreshold: result.sharedThreshold,
    randomBaseline: {
      d, n,
      pwmccMax: { mean: random.pwmccMax.mean, std: random.pwmccMax.std },
      pwmccOneToOne: { mean: random.pwmccOneToOne?.mean ?? NaN, std: random.pwmccOneToOne?.std ?? NaN },
      bestMatchThreshold: random.bestMatchThreshold,
    },
    initial: { pwmccMax: stat(init.pwmccMax), pwmccOneToOne: stat(init.pwmccOneToOne), sharedFraction: stat(init.sharedFraction) },
    stableLatents: { perSeed: result.latents.stableCount, threshold: result.latents.threshold[0] },
    elapsedMs: performance.now() - started,
  };
}

/** Fourier shares of each SAE's latents over the p × p grid of the answer position (or the position read). */
export async function analyzeSaeFourier(
  weights: SaeWeights[], spec: SaeSpec, acts: { data: Float32Array; rows: number; cols: number }, p: number, keyFrequencies: number[],
): Promise<SaeFourier[]> {
  const grid = answerPositionRows(acts.data, acts.rows, acts.cols, p);
  const out: SaeFourier[] = [];
  for (let i = 0; i < weights.length; i++) {
    const z = await latentGrid(weights[i], spec, grid, p);
    const { share } = latentFourierShare(z, weights[i].dSae, p, keyFrequencies);
    out.push({ seed: spec.seeds[i], nLive: share.nLive, nFourier: share.nFourier, share: share.share, frequencies: share.frequencies, keyAlignedShare: share.keyAlignedShare });
  }
  return out;
}
