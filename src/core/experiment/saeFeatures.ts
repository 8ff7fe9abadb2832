/**
 * The SAE features analysis both report.json (`fourier.saes`, `stableFourier`) and the page's features section
 * (features.ts) build on: each seed's latents over the p × p input grid, their Fourier test and shares beside the
 * untrained SAEs', and, with two or more seeds, whether the stable latents are the Fourier ones.
 */
import { type FourierShare, type LatentFourier, fourierShare } from '../analysis/latentFourier.ts';
import { type StableFourierReport, stableFourierReport } from '../analysis/stableFourier.ts';
import { type LatentStability, pairwiseStability } from '../analysis/stability.ts';
import type { ActivationData, SaeWeights } from '../sae/init.ts';
import type { SaeSpec } from '../spec/sae.ts';
import type { SaeFourier } from './analyze.ts';
import { toDictionary } from './dictionary.ts';
import { answerPositionRows, saeLatentFourier } from './latents.ts';

export const saeFourierRow = (seed: number, share: FourierShare): SaeFourier => ({
  seed, nLive: share.nLive, nFourier: share.nFourier, share: share.share, frequencies: share.frequencies, keyAlignedShare: share.keyAlignedShare,
});

export interface SaeFeaturesReport {
  saes: SaeFourier[];
  initialSaes: SaeFourier[];
  /** Are the stable latents the Fourier ones (two or more seeds; else null). */
  stableFourier: StableFourierReport | null;
}

/** One trained seed's latents over the grid: the Fourier test and the activations z [n, p²]. */
export interface SeedLatents {
  test: LatentFourier;
  z: Float32Array;
}

/** The report plus what the page's explorer keeps (every seed's grids and the per-latent stability). */
export interface SaeFeatures {
  report: SaeFeaturesReport;
  trained: SeedLatents[];
  /** Per-latent best matches across the trained seeds (max-cosine form); null with one seed. */
  latents: LatentStability | null;
}

/** Per-latent stability from the decoders (the same definition as the stability section's stable latents). */
const latentsOf = async (w: SaeWeights[]): Promise<LatentStability | null> =>
  w.length >= 2 ? (await pairwiseStability(w.map(toDictionary), { maxCosineOnly: true })).latents : null;

/**
 * Fourier shares of the trained and untrained SAEs' latents at the answer position (`acts` [rows, d_in], all
 * positions or one) and, with two or more seeds, the stable × Fourier cross-tab.
 */
export async function saeFeatures(
  trained: SaeWeights[], initial: SaeWeights[], spec: SaeSpec, acts: ActivationData, p: number, keyFrequencies: number[],
): Promise<SaeFeatures> {
  const grid = answerPositionRows(acts.data, acts.rows, acts.cols, p); // [p², d_in]
  const seeds: SeedLatents[] = [];
  for (const w of trained) seeds.push(await saeLatentFourier(w, spec, grid, p));
  const initialTests: LatentFourier[] = [];
  for (const w of initial) initialTests.push((await saeLatentFourier(w, spec, grid, p)).test);
  const latents = await latentsOf(trained);
  const initialLatents = latents && initial.length === trained.length ? await latentsOf(initial) : null;
  const rows = (tests: LatentFourier[]) => tests.map((t, s) => saeFourierRow(spec.seeds[s], fourierShare(t, keyFrequencies)));
  const stableFourier = latents
    ? stableFourierReport(spec.seeds, { latents, fourier: seeds.map((s) => s.test) }, initialLatents && { latents: initialLatents, fourier: initialTests })
    : null;
  return { report: { saes: rows(seeds.map((s) => s.test)), initialSaes: rows(initialTests), stableFourier }, trained: seeds, latents };
}

/** report.json's part of the features analysis. */
export const analyzeSaeFeatures = async (...args: Parameters<typeof saeFeatures>): Promise<SaeFeaturesReport> => (await saeFeatures(...args)).report;
