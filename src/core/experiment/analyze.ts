/**
 * The analyses of one experiment (SCIENCE.md §2 and §4) from exported weights: is the transformer Fourier, are the
 * SAEs more stable than chance (three PWMCC forms beside the random baseline and the untrained SAEs), and are their
 * latents Fourier features. Shared by the CLI and the worker, so both report the same numbers.
 */
import { type ExcludedHarmonic, embeddingSpectrum } from '../analysis/fourier.ts';
import { type KeyFrequencyCheck, checkKeyFrequencies, neuronClusters, unitSpectra } from '../analysis/fourierUnits.ts';
import { type FourierShare, type LatentFourier, fourierShare } from '../analysis/latentFourier.ts';
import type { Dictionary } from '../analysis/pairMetrics.ts';
import { randomBaseline } from '../analysis/randomBaseline.ts';
import { type PairwiseStat, pairwiseStability } from '../analysis/stability.ts';
import { transpose } from '../analysis/cosine.ts';
import { type StableFourierReport, stableFourierReport } from '../analysis/stableFourier.ts';
import type { SaeWeights } from '../sae/init.ts';
import type { SaeSpec } from '../spec/sae.ts';
import { collectActivations } from '../sae/activations.ts';
import type { Transformer } from '../transformer/model.ts';
import type { NamedArray } from '../transformer/weights.ts';
import { answerPositionRows, saeLatentFourier } from './latents.ts';

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
  /** Share of live latents that pass the Fourier test (one frequency explains ≥ 0.85 of the pre-activation). */
  share: number;
  frequencies: number[];
  /** Share of Fourier latents whose frequency is a key frequency of the transformer. */
  keyAlignedShare: number;
}

export interface FourierReport {
  /** Key frequencies of the embedding, low harmonics of a stronger key frequency left out (fourier.ts). */
  keyFrequencies: number[];
  /** Share of ||W_E[0:p]||² in the key frequencies. */
  keyFrequencyFraction: number;
  /** Candidates left out as harmonics: frequency ≡ ±order·of (mod p), at `ratio` of its fundamental's norm. */
  harmonicsExcluded: ExcludedHarmonic[];
  /** The key frequencies against the frequencies the last block's MLP neurons cluster on (absent without the model). */
  neuronCheck?: KeyFrequencyCheck;
  /** ||Ŵ_E||² per frequency k = 1..(p−1)/2. */
  embeddingNorms: number[];
  saes?: SaeFourier[];
  /** The untrained SAEs' latents: the chance level of `share`. */
  initialSaes?: SaeFourier[];
}

const toDictionary = (w: SaeWeights): Dictionary => ({ n: w.dSae, d: w.dIn, decoder: w.W_dec, encoder: transpose(w.W_enc, w.dIn, w.dSae) });
const stat = (s: PairwiseStat | null): Stat => ({ matrix: s?.matrix ?? [], mean: s?.mean ?? NaN, std: s?.std ?? NaN });

/**
 * The embedding's spectrum and key frequencies; with `mlp` (MLP neuron activations [p², d_mlp] at '=' over the input
 * grid) also the neurons' clusters and whether they agree with the key frequencies.
 */
export function analyzeTransformer(WE: NamedArray, p: number, mlp?: { data: Float32Array; dMlp: number }): FourierReport {
  const spectrum = embeddingSpectrum(WE.data, p, WE.shape[1]);
  const report: FourierReport = {
    keyFrequencies: spectrum.keyFrequencies, keyFrequencyFraction: spectrum.keyFraction, harmonicsExcluded: spectrum.harmonics,
    embeddingNorms: Array.from(spectrum.norms),
  };
  if (mlp) report.neuronCheck = checkKeyFrequencies(spectrum.keyFrequencies, neuronClusters(unitSpectra(mlp.data, mlp.dMlp, p, true)).clusters, mlp.dMlp);
  return report;
}

/** analyzeTransformer on a model: reads W_E and the last block's MLP neurons at '=' over all p² inputs. */
export async function analyzeTransformerModel(model: Transformer): Promise<FourierReport> {
  const { p, dMlp, nLayers } = model.spec;
  const acts = collectActivations(model, `blocks.${nLayers - 1}.mlp.hook_post`, '='); // [p², d_mlp]
  const data = (await acts.data()) as Float32Array;
  acts.dispose();
  return analyzeTransformer((await model.weights())['embed.W_E'], p, { data, dMlp });
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

export const saeFourierRow = (seed: number, share: FourierShare): SaeFourier => ({
  seed, nLive: share.nLive, nFourier: share.nFourier, share: share.share, frequencies: share.frequencies, keyAlignedShare: share.keyAlignedShare,
});

/** The Fourier test of each SAE's latents over the p × p grid of the answer position (or the position read). */
async function latentTests(weights: SaeWeights[], spec: SaeSpec, grid: Float32Array, p: number): Promise<LatentFourier[]> {
  const out: LatentFourier[] = [];
  for (const w of weights) out.push((await saeLatentFourier(w, spec, grid, p)).test);
  return out;
}

export interface SaeFeaturesReport {
  saes: SaeFourier[];
  initialSaes: SaeFourier[];
  /** Are the stable latents the Fourier ones (two or more seeds; else null). */
  stableFourier: StableFourierReport | null;
}

/**
 * Fourier shares of the trained and untrained SAEs' latents and, with two or more seeds, the stable × Fourier
 * cross-tab (per-latent stability from the decoders, the same definition as analyzeStability's stable latents).
 */
export async function analyzeSaeFeatures(
  trained: SaeWeights[], initial: SaeWeights[], spec: SaeSpec, acts: { data: Float32Array; rows: number; cols: number }, p: number,
  keyFrequencies: number[],
): Promise<SaeFeaturesReport> {
  const grid = answerPositionRows(acts.data, acts.rows, acts.cols, p);
  const trainedTests = await latentTests(trained, spec, grid, p);
  const initialTests = await latentTests(initial, spec, grid, p);
  const rows = (tests: LatentFourier[]) => tests.map((t, i) => saeFourierRow(spec.seeds[i], fourierShare(t, keyFrequencies)));
  const latentsOf = async (w: SaeWeights[]) => (await pairwiseStability(w.map(toDictionary), { maxCosineOnly: true })).latents;
  const stableFourier = trained.length >= 2
    ? stableFourierReport(
      spec.seeds, { latents: await latentsOf(trained), fourier: trainedTests },
      initial.length === trained.length ? { latents: await latentsOf(initial), fourier: initialTests } : null,
    )
    : null;
  return { saes: rows(trainedTests), initialSaes: rows(initialTests), stableFourier };
}
