/**
 * The analyses of one experiment (SCIENCE.md §2 and §4) from exported weights: is the transformer Fourier, are the
 * SAEs more stable than chance (three stability forms beside every null of core/analysis/nulls.ts and the untrained
 * SAEs, judged against the strongest null), and are their latents Fourier features (saeFeatures.ts). Shared by the CLI
 * and the worker, so both report the same numbers.
 */
import { type ExcludedHarmonic, embeddingSpectrum } from '../analysis/fourier.ts';
import { type KeyFrequencyCheck, checkKeyFrequencies, neuronClusters, unitSpectra } from '../analysis/fourierUnits.ts';
import { type ActivationGeometry } from '../analysis/activationGeometry.ts';
import { type NullStats, nullStats } from '../analysis/nullDraws.ts';
import { type NullName, type NullSamples, stabilityNulls, subspaceDims } from '../analysis/nulls.ts';
import { type StabilityVerdict, judgeStability } from '../analysis/nullVerdict.ts';
import { bestMatchThreshold } from '../analysis/randomBaseline.ts';
import { type PairwiseStat, type StabilityResult, latentStability, pairwiseStability } from '../analysis/stability.ts';
import type { MeanStd } from '../analysis/stats.ts';
import type { SaeWeights } from '../sae/init.ts';
import { collectActivations } from '../sae/activations.ts';
import type { Transformer } from '../transformer/model.ts';
import type { NamedArray } from '../transformer/weights.ts';
import { toDictionary } from './dictionary.ts';

export { toDictionary };
export { type SaeFeaturesReport, analyzeSaeFeatures, saeFourierRow } from './saeFeatures.ts';

export type Stat = Pick<PairwiseStat, 'matrix' | 'mean' | 'std'>;

/** One null of the stability measures (core/analysis/nulls.ts), as report.json `stability.nulls.<name>` holds it. */
export interface NullReport extends NullStats {
  description: string;
  /** Its name in a sentence (the verdict's words). */
  label: string;
  /** Trained latents whose best match in every other seed beats this null's per-latent level (bestMatchThreshold). */
  stableLatents: number[];
}

export interface StabilityReport {
  /** PWMCC, max-cosine form (the plan's metric): 0.5·(mean row max + mean column max) of |cos| between decoder rows. */
  pwmccMax: Stat;
  /** PW-MCC, one-to-one form (Song et al. 2025): mean |cos| over the optimal (Hungarian) matching of decoder rows. */
  pwmccOneToOne: Stat;
  /** Shared-latent fraction: same partner in encoder and decoder matchings, both signed cosines ≥ threshold. */
  sharedFraction: Stat;
  sharedThreshold: number;
  /** Every null beside the trained numbers: isotropic, subspace, covariance, rotation (docs/metrics.md). */
  nulls: Record<NullName, NullReport>;
  /** The principal dimensions the subspace and rotation nulls use (dims99 of the activations). */
  subspaceDims: number;
  /** The trained SAEs against the strongest null, in words. */
  verdict: StabilityVerdict;
  /** Alias of `nulls.isotropic` in the first report version's shape (kept for one version). */
  randomBaseline: { d: number; n: number; pwmccMax: MeanStd; pwmccOneToOne: MeanStd; bestMatchThreshold: number };
  /** The same seeds' SAEs before training (their initialisation). */
  initial: { pwmccMax: Stat; pwmccOneToOne: Stat; sharedFraction: Stat };
  /** Latents matched above bestMatchThreshold (isotropic, analytic) in every other seed. */
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

const meanStdOf = (m: MeanStd): MeanStd => ({ mean: m.mean, std: m.std });

/** Summaries of every null at the shared threshold, with the trained SAEs' stable latents against each one's level. */
export function nullReports(nulls: NullSamples[], trained: StabilityResult, d: number, n: number, pValue = 0.01): Record<NullName, NullReport> {
  const out = {} as Record<NullName, NullReport>;
  const seeds = trained.latents.bestMatch.length;
  for (const samples of nulls) {
    const stats = nullStats(samples.draws, trained.sharedThreshold, pValue);
    // Isotropic: the exact level (randomBaseline.ts) rather than its simulated quantile, as the stable latents use.
    if (samples.name === 'isotropic') stats.bestMatchThreshold = bestMatchThreshold(d, n, pValue);
    const threshold = Array.from({ length: seeds }, () => stats.bestMatchThreshold);
    const stableLatents = latentStability(trained.latents.bestMatch, threshold, trained.latents.minSeeds).stableCount;
    out[samples.name] = { ...stats, description: samples.description, label: samples.label, stableLatents };
  }
  return out;
}

/**
 * report.json's `stability` from analyses already run: the trained and untrained SAEs (pairwiseStability at the same
 * shared threshold) and the nulls' draws. The CLI (analyzeStability) and the worker both build it here.
 */
export function stabilityReportOf(
  trained: StabilityResult, initial: StabilityResult, nulls: NullSamples[], geometry: ActivationGeometry, n: number, elapsedMs: number,
): StabilityReport {
  const d = geometry.d;
  const reports = nullReports(nulls, trained, d, n);
  const iso = reports.isotropic;
  const verdict = judgeStability({ pwmccMax: trained.pwmccMax, pwmccOneToOne: trained.pwmccOneToOne }, reports)!;
  return {
    pwmccMax: stat(trained.pwmccMax),
    pwmccOneToOne: stat(trained.pwmccOneToOne),
    sharedFraction: stat(trained.sharedFraction),
    sharedThreshold: trained.sharedThreshold,
    nulls: reports,
    subspaceDims: subspaceDims(geometry),
    verdict,
    randomBaseline: { d, n, pwmccMax: meanStdOf(iso.pwmccMax), pwmccOneToOne: meanStdOf(iso.pwmccOneToOne), bestMatchThreshold: iso.bestMatchThreshold },
    initial: { pwmccMax: stat(initial.pwmccMax), pwmccOneToOne: stat(initial.pwmccOneToOne), sharedFraction: stat(initial.sharedFraction) },
    stableLatents: { perSeed: trained.latents.stableCount, threshold: trained.latents.threshold[0] },
    elapsedMs,
  };
}

/** Stability of trained SAEs (two or more seeds) beside their untrained selves and every null, on these activations. */
export async function analyzeStability(
  trained: SaeWeights[], initial: SaeWeights[], geometry: ActivationGeometry, options: { sharedThreshold?: number } = {},
): Promise<StabilityReport> {
  const started = performance.now();
  const dicts = trained.map(toDictionary);
  const result = await pairwiseStability(dicts, options);
  const init = await pairwiseStability(initial.map(toDictionary), options);
  const nulls = await stabilityNulls(geometry, dicts);
  return stabilityReportOf(result, init, nulls, geometry, trained[0].dSae, performance.now() - started);
}
