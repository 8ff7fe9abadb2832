import * as tf from '../tf.ts';
import type { ActivationData, SaeWeights } from '../sae/init.ts';
import type { ExtraTerm, SaeTrainer } from '../sae/trainer.ts';
import type { SaeSpec } from '../spec/sae.ts';
import { kmeansRows, sampledRows } from './dataInit.ts';
import { fourierDirections, placeDecoderRows } from './fourierInit.ts';
import { matchToReference } from './matching.ts';
import type { StabiliserName, StabiliserSpec } from './spec.ts';
import { alignmentTerm, consistencyTerm, mutualTerm, tiedTerm } from './terms.ts';

/**
 * Each stabiliser registered by name (as SAE architectures are): its knobs, its citation, and how it changes SAE
 * training — an extra loss term handed to the trainer (`SaeTrainerOptions.extraTerm`), an edit of the initial weights
 * (`editInit`), and work between steps (re-matching). Seed indices are those of the SAE spec's `seeds` throughout.
 */

export interface StabiliserContext {
  sae: SaeSpec;
  stab: StabiliserSpec;
  acts: ActivationData;
  totalSteps: number;
  /** Per seed index, its plain reference SAE (raw space; methods with `needsReference`). */
  references?: SaeWeights[];
  /** The transformer's p and key frequencies (fourierInit). */
  fourier?: { p: number; keyFrequencies: number[] };
}

export interface StabiliserPlan {
  extraTerm?: ExtraTerm;
  editInit?: (w: SaeWeights, seedIndex: number) => void;
  /** Runs before (1-based) step t of a trainer over `seedIndices`; may read its weights. */
  beforeStep?: (t: number, trainer: SaeTrainer, seedIndices: number[]) => Promise<void>;
  /** Decoder rows the init makes the same for every seed (sharedByConstruction): its control shares as many random rows. */
  fixedRows?: number;
  dispose(): void;
}

export interface Stabiliser {
  name: StabiliserName;
  summary: string;
  /** Where it comes from (docs/stabilisers.md has the full references). */
  source: string;
  /** The spec knobs it reads. */
  knobs: (keyof StabiliserSpec)[];
  needsReference: boolean;
  /** Seeds train in groups that are pushed to agree: stability counts only between groups. */
  trainsTogether: boolean;
  /** Part of the initialisation is the same for every seed by construction. */
  sharedByConstruction: boolean;
  plan(ctx: StabiliserContext): StabiliserPlan;
}

const nothing: StabiliserPlan = { dispose: () => {} };

function requireReferences(ctx: StabiliserContext): SaeWeights[] {
  if (!ctx.references || ctx.references.length !== ctx.sae.seeds.length) {
    throw new Error(`the ${ctx.stab.method} stabiliser needs one reference SAE per seed`);
  }
  return ctx.references;
}

/** Reference decoders on the device, one [m, d] tensor per seed index (kept until dispose). */
function referenceTensors(ctx: StabiliserContext): tf.Tensor2D[] {
  return requireReferences(ctx).map((r) => tf.tensor2d(r.W_dec, [r.dSae, r.dIn]));
}

/** consistency from step `from` (1-based) on. */
function consistencyPlan(ctx: StabiliserContext, from: number): StabiliserPlan {
  const refs = referenceTensors(ctx);
  const alpha = ctx.stab.alpha;
  return {
    extraTerm: (t, seedIndices) => (t < from ? null : (p) => tf.mul(alpha, consistencyTerm(p.Wdec, tf.stack(seedIndices.map((i) => refs[i])))) as tf.Scalar),
    dispose: () => tf.dispose(refs),
  };
}

function alignmentPlan(ctx: StabiliserContext): StabiliserPlan {
  const refs = requireReferences(ctx);
  const { alpha, rematchEvery } = ctx.stab;
  const matched = new Map<number, { targets: tf.Tensor2D; mask: tf.Tensor2D }>();
  return {
    beforeStep: async (t, trainer, seedIndices) => {
      if ((t - 1) % rematchEvery !== 0) return;
      const ws = await trainer.weights();
      seedIndices.forEach((seedIndex, j) => {
        const { dSae: n, dIn: d } = ws[j];
        const ref = refs[seedIndex];
        const m = matchToReference(ws[j].W_dec, n, ref.W_dec, ref.dSae, d);
        const old = matched.get(seedIndex);
        if (old) tf.dispose([old.targets, old.mask]);
        matched.set(seedIndex, { targets: tf.tensor2d(m.targets, [n, d]), mask: tf.tensor2d(m.mask, [n, 1]) });
      });
    },
    extraTerm: (_t, seedIndices) => {
      const parts = seedIndices.map((i) => matched.get(i));
      if (parts.some((x) => !x)) throw new Error('alignment: a seed has not been matched to its reference (beforeStep did not run)');
      return (p) => tf.mul(alpha, alignmentTerm(p.Wdec, tf.stack(parts.map((x) => x!.targets)), tf.stack(parts.map((x) => x!.mask)))) as tf.Scalar;
    },
    dispose: () => matched.forEach((x) => tf.dispose([x.targets, x.mask])),
  };
}

function fourierPlan(ctx: StabiliserContext): StabiliserPlan {
  if (!ctx.fourier) throw new Error('Fourier initialisation needs the transformer\'s p and key frequencies');
  const { directions, m } = fourierDirections(ctx.acts, ctx.fourier.p, ctx.fourier.keyFrequencies, ctx.stab.fourierVariables);
  return { editInit: (w) => placeDecoderRows(w, directions, m), fixedRows: Math.min(m, ctx.sae.expansion * ctx.acts.cols), dispose: () => {} };
}

function dataInitPlan(ctx: StabiliserContext): StabiliserPlan {
  const cache = new Map<number, Float32Array>(); // the trainer may ask for a seed's initial weights more than once
  const { dataInit, kmeansIterations } = ctx.stab;
  return {
    editInit: (w, i) => {
      const seed = ctx.sae.seeds[i];
      if (!cache.has(seed)) {
        cache.set(seed, dataInit === 'kmeans' ? kmeansRows(ctx.acts, w.dSae, seed, kmeansIterations) : sampledRows(ctx.acts, w.dSae, seed));
      }
      placeDecoderRows(w, cache.get(seed)!, w.dSae);
    },
    dispose: () => {},
  };
}

const registry: Record<StabiliserName, Stabiliser> = {
  plain: {
    name: 'plain', summary: 'plain SAE training (the baseline)', source: '—', knobs: ['init'],
    needsReference: false, trainsTogether: false, sharedByConstruction: false, plan: () => nothing,
  },
  consistency: {
    name: 'consistency', summary: 'loss + α · (1 − mean max-|cos| of each decoder row to its reference decoder)',
    source: 'the research plan (train_with_consistency)', knobs: ['alpha', 'reference', 'referenceSeedOffset', 'init'],
    needsReference: true, trainsTogether: false, sharedByConstruction: false, plan: (ctx) => consistencyPlan(ctx, 1),
  },
  twoStage: {
    name: 'twoStage', summary: 'reconstruct only for the first stage, then add the consistency term',
    source: 'the research plan (two-stage training)', knobs: ['alpha', 'stageOneFraction', 'reference', 'referenceSeedOffset', 'init'],
    needsReference: true, trainsTogether: false, sharedByConstruction: false,
    plan: (ctx) => consistencyPlan(ctx, Math.floor(ctx.stab.stageOneFraction * ctx.totalSteps) + 1),
  },
  alignment: {
    name: 'alignment', summary: 'every N steps match latents one-to-one (Hungarian) to the reference; pull matched rows together',
    source: 'the research plan (feature alignment during training)', knobs: ['alpha', 'rematchEvery', 'reference', 'referenceSeedOffset', 'init'],
    needsReference: true, trainsTogether: false, sharedByConstruction: false, plan: alignmentPlan,
  },
  fourierInit: {
    name: 'fourierInit', summary: 'decoder rows start at the key-frequency directions in activation space, the rest random',
    source: 'the research plan (Fourier initialisation); key frequencies after Nanda et al. 2023', knobs: ['fourierVariables', 'init'],
    needsReference: false, trainsTogether: false, sharedByConstruction: true, plan: fourierPlan,
  },
  mutual: {
    name: 'mutual', summary: 'SAEs trained together in groups, each pulled towards its best matches in the others',
    source: 'Marks et al. 2024, mutual feature regularisation', knobs: ['alpha', 'groupSize', 'init'],
    needsReference: false, trainsTogether: true, sharedByConstruction: false,
    plan: (ctx) => ({ extraTerm: () => (p) => tf.mul(ctx.stab.alpha, mutualTerm(p.Wdec)) as tf.Scalar, dispose: () => {} }),
  },
  tiedInit: {
    name: 'tiedInit', summary: 'encoder = decoderᵀ at the start (the default init) and α · ||W_enc − W_decᵀ||² after',
    source: 'W_enc = W_decᵀ at init: Gao et al. 2024; the penalty is a soft tie, this lab\'s variant', knobs: ['alpha', 'init'],
    needsReference: false, trainsTogether: false, sharedByConstruction: false,
    plan: (ctx) => ({ extraTerm: () => (p) => tf.mul(ctx.stab.alpha, tiedTerm(p.Wenc, p.Wdec)) as tf.Scalar, dispose: () => {} }),
  },
  dataInit: {
    name: 'dataInit', summary: 'decoder rows start at sampled centred activations or at k-means centroids',
    source: 'dictionary learning: sampled signals (e.g. Mairal et al. 2010), k-means (Coates & Ng 2012)', knobs: ['dataInit', 'kmeansIterations', 'init'],
    needsReference: false, trainsTogether: false, sharedByConstruction: false, plan: dataInitPlan,
  },
};

export const stabilisers: Readonly<Record<StabiliserName, Stabiliser>> = registry;

export function getStabiliser(name: string): Stabiliser {
  const s = registry[name as StabiliserName];
  if (!s) throw new Error(`unknown stabiliser "${name}"; known: ${Object.keys(registry).join(', ')}`);
  return s;
}
