import type { StabiliserName, StabiliserSpec } from './spec.ts';

/**
 * What each stabiliser is, without how it trains: summary, source, knobs and flags. Plain data, so the page can list
 * the methods and their knobs without loading tensor code; each method file (methods/) spreads its entry.
 */
export interface StabiliserInfo {
  name: StabiliserName;
  summary: string;
  /** Where it comes from (docs/stabilisers.md has the full references). */
  source: string;
  /** The spec knobs it reads (their bounds and docs: spec.ts `stabiliserFields`). */
  knobs: (keyof StabiliserSpec)[];
  needsReference: boolean;
  /** Seeds train in groups that are pushed to agree: stability counts only between groups. */
  trainsTogether: boolean;
  /** Part of the initialisation is the same for every seed by construction. */
  sharedByConstruction: boolean;
}

const info = (name: StabiliserName, summary: string, source: string, knobs: StabiliserInfo['knobs'], flags: Partial<StabiliserInfo> = {}): StabiliserInfo =>
  ({ name, summary, source, knobs, needsReference: false, trainsTogether: false, sharedByConstruction: false, ...flags });

export const stabiliserInfo: Readonly<Record<StabiliserName, StabiliserInfo>> = {
  plain: info('plain', 'plain SAE training (the baseline)', '—', ['init', 'sharedRows']),
  consistency: info('consistency', 'loss + α · (1 − mean max-|cos| of each decoder row to its reference decoder)',
    'the research plan (train_with_consistency)', ['alpha', 'reference', 'referenceSeedOffset', 'init'], { needsReference: true }),
  twoStage: info('twoStage', 'reconstruct only for the first stage, then add the consistency term',
    'the research plan (two-stage training)', ['alpha', 'stageOneFraction', 'reference', 'referenceSeedOffset', 'init'], { needsReference: true }),
  alignment: info('alignment', 'every N steps match latents one-to-one (Hungarian) to the reference; pull matched rows together',
    'the research plan (feature alignment during training)', ['alpha', 'rematchEvery', 'reference', 'referenceSeedOffset', 'init'], { needsReference: true }),
  fourierInit: info('fourierInit', 'decoder rows start at the key-frequency directions in activation space, the rest random',
    'the research plan (Fourier initialisation); key frequencies after Nanda et al. 2023', ['fourierVariables', 'init'], { sharedByConstruction: true }),
  mutual: info('mutual', 'SAEs trained together in groups, each pulled towards its best matches in the others',
    'Marks et al. 2024, mutual feature regularisation', ['alpha', 'groupSize', 'init'], { trainsTogether: true }),
  tiedInit: info('tiedInit', 'encoder = decoderᵀ at the start (the default init) and α · ||W_enc − W_decᵀ||² after',
    'W_enc = W_decᵀ at init: Gao et al. 2024; the penalty is a soft tie, this lab\'s variant', ['alpha', 'init']),
  dataInit: info('dataInit', 'decoder rows start at sampled centred activations or at k-means centroids',
    'dictionary learning: sampled signals (e.g. Mairal et al. 2010), k-means (Coates & Ng 2012)', ['dataInit', 'kmeansIterations', 'init']),
};
