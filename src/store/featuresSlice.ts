/**
 * State of the SAE features section: the worker's features analysis of one finished SAE run (its runId, the SAE
 * slice's) and the latent the explorer shows.
 */
import { FLAWED_PLAN_OVERLAP_REASON } from '../core/analysis/latentFourier.ts';
import type { SaeSpec } from '../core/spec/sae.ts';
import type { FeatureDetail, FeaturesSummary, LatentView } from '../core/experiment/features.ts';
import type { FromWorker } from '../worker/protocol.ts';
import type { SaeRunInfo } from '../worker/saeMessages.ts';

export type GalleryOrder = 'firing' | 'stability';

export interface FeaturesState {
  runId: number;
  summary: FeaturesSummary | null;
  detail: FeatureDetail | null;
  /** The explorer's choice: seed index into summary.seeds, latent index. */
  seedIndex: number;
  latent: number;
  order: GalleryOrder;
  error: string | null;
}

export function initialFeatures(): FeaturesState {
  return { runId: 0, summary: null, detail: null, seedIndex: 0, latent: 0, order: 'firing', error: null };
}

/** Empties the section for SAE run `runId` (the explorer's choices stay). */
export function clearedFeatures(state: FeaturesState, runId: number): FeaturesState {
  return { ...initialFeatures(), runId, seedIndex: state.seedIndex, latent: state.latent, order: state.order };
}

/** `saeRunId` is the SAE slice's current run: a new run empties the section before its messages are folded in. */
export function featuresReceive(current: FeaturesState, msg: FromWorker, saeRunId: number): FeaturesState {
  const state = current.runId === saeRunId ? current : clearedFeatures(current, saeRunId);
  if (!('section' in msg) || msg.section !== 'features' || msg.runId !== state.runId) return state;
  if (msg.type === 'features') return { ...state, summary: msg.summary, detail: null, error: msg.error ?? null };
  if (msg.type === 'featureDetail') return { ...state, detail: msg.detail, error: msg.error ?? null };
  return state;
}

/** What each exported number means (docs/metrics.md, "SAE features", has the long form). */
export const FEATURES_DEFINITIONS = {
  latentGrid: "each latent's activation over all p² inputs (a, b) at the position the SAEs read, from the exported weights",
  fourierShare: 'share of live latents (activation not constant over the inputs) that pass the Fourier test: one frequency k explains ≥ 0.85 of the centred pre-activation (before the ReLU / TopK gate) over the p² inputs',
  selectedLatent: 'fractions, dominant, dominantFraction: the Fourier test on the pre-activation; activationDominant(Fraction): the same spectrum of the activation itself (the gate moves energy to 2k, 3k, …)',
  keyAlignedShare: "share of the Fourier latents whose frequency is one of the transformer's key frequencies",
  untrained: "the same seeds' SAEs before training, through the same analysis: the chance level",
  galleryByFiring: 'per seed, the top 20 latents by firing rate over the p² inputs',
  galleryByStability: 'per seed, the top 20 latents by their smallest best-match decoder |cos| over the other seeds',
  families: 'latents linked when each is the other\'s best decoder match above the p < 0.01 chance level; a family is a connected group; Fourier when most members pass the Fourier test with one k',
  stableFourier: 'stable (Stability section, per latent) × Fourier (as fourierShare), per seed and pooled; definitions inside',
  planFlawedOverlap: `the research plan's "Fourier overlap", FLAWED: ${FLAWED_PLAN_OVERLAP_REASON}`,
};

const plainView = (v: LatentView) => ({ heatmap: Array.from(v.heatmap), spectrum: v.spectrum });

/** The JSON a user downloads: the section's numbers, named definitions, and the SAE spec that produced them. */
export function featuresExport(state: FeaturesState, spec: SaeSpec | null, info: SaeRunInfo | null): object | null {
  const s = state.summary;
  if (!s) return null;
  const d = state.detail;
  return {
    kind: 'sae-stability-lab/features',
    version: 1,
    definitions: FEATURES_DEFINITIONS,
    saes: spec,
    source: info,
    p: s.p, nLatents: s.nLatents, keyFrequencies: s.keyFrequencies, fourierThreshold: s.threshold,
    fourierShares: { trained: s.trained, untrained: s.initial },
    stableFourier: s.stableFourier,
    planFlawedOverlap: s.flawedPlanOverlap && { flawed: true, reason: FLAWED_PLAN_OVERLAP_REASON, ...s.flawedPlanOverlap },
    gallery: { byFiringRate: s.galleryByFiring, byStability: s.galleryByStability },
    families: s.families,
    selectedLatent: d && { ...d, ...plainView(d), matches: d.matches.map((m) => ({ ...m, ...plainView(m) })) },
  };
}
