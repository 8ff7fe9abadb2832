/**
 * State of the SAE features section: the worker's features analysis of one finished SAE run (its runId, the SAE
 * slice's) and the latent the explorer shows.
 */
import type { FeatureDetail, FeaturesSummary } from '../worker/featuresRun.ts';
import type { FromWorker } from '../worker/protocol.ts';

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
