import * as tf from '../../tf.ts';
import type { ActivationData, SaeWeights } from '../../sae/init.ts';
import type { SaeParams } from '../../sae/model.ts';
import type { ExtraTerm, SaeTrainer } from '../../sae/trainer.ts';
import type { SaeSpec } from '../../spec/sae.ts';
import type { StabiliserInfo } from '../methodInfo.ts';
import type { StabiliserSpec } from '../spec.ts';

/**
 * What a stabiliser is (registered by name in ../methods.ts, as SAE architectures are): its knobs, its source, and
 * how it changes SAE training — an extra loss term handed to the trainer (`SaeTrainerOptions.extraTerm`), an edit of
 * the initial weights (`editInit`), and work between steps (re-matching). Seed indices are those of the SAE spec's
 * `seeds` throughout.
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
  /**
   * Whether training can continue exactly from a checkpoint taken after (1-based) step t: false where the plan holds
   * state the checkpoint lacks (alignment's matching, made at its last re-match). Always, when absent.
   */
  resumableAfter?: (t: number) => boolean;
  /** Decoder rows the init makes the same for every seed (sharedByConstruction): its control shares as many random rows. */
  fixedRows?: number;
  dispose(): void;
}

/** A stabiliser: what it is (../methodInfo.ts, plain data for the page) and how it changes training. */
export interface Stabiliser extends StabiliserInfo {
  plan(ctx: StabiliserContext): StabiliserPlan;
}

export function requireReferences(ctx: StabiliserContext): SaeWeights[] {
  if (!ctx.references || ctx.references.length !== ctx.sae.seeds.length) {
    throw new Error(`the ${ctx.stab.method} stabiliser needs one reference SAE per seed`);
  }
  return ctx.references;
}

/** α × a term, as the trainer's extra term for every step. */
export const weighted = (alpha: number, term: (p: SaeParams) => tf.Scalar): ExtraTerm =>
  () => (p) => tf.mul(alpha, term(p)) as tf.Scalar;
