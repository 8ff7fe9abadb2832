/**
 * What an SAE architecture is (SAELens registry habit, STYLE.md 9): one file under `arch/` plus one line in
 * `arch/index.ts`. The file declares its spec knobs (a field table: validation, page controls, link keys, hide keys
 * and docs read it), its SAELens cfg.json fields and how it reads them back, and its math.
 *
 * The page imports architectures for their fields and must not load tfjs (e2e/mainThread.spec.ts), so this file and
 * every architecture file import tfjs as types only: the math is a factory that receives tfjs and the SAE ops from
 * the trainer's side (`architectures.ts`, the only place that calls it).
 */
import type * as TF from '../tf.ts';
import type { Field } from '../spec/fields.ts';
import type { SaeSpec } from '../spec/sae.ts';
import type { SaeForward, SaeParams } from './model.ts';
import type * as Ops from './ops.ts';
import type { SeedGradients } from './topkStep.ts';
import type * as TopkStep from './topkStep.ts';

type Tensor3D = TF.Tensor3D;

/** What an architecture's math is built from: tfjs and the SAE ops (handed in so that this file needs no tfjs). */
export interface SaeKit {
  tf: typeof TF;
  ops: typeof Ops;
  topkStep: typeof TopkStep;
}

/**
 * What a loss term sees for one step of S seeds (every per-seed term is a mean over the batch, summed over seeds).
 * `Spec`: the specs it is written for (an architecture's own `SaeSpecOf<'topk'>` types its knobs as present).
 */
export interface LossContext<Spec extends SaeSpec = SaeSpec> {
  spec: Spec;
  x: TF.Tensor3D; // [S, B, d_in]
  fwd: SaeForward;
  params: SaeParams;
  mode: Ops.SeedMatMulMode;
  /** 1 where a latent is dead in the training window: [S, 1, n]. */
  dead: TF.Tensor3D;
  /**
   * The sparsity penalty's coefficient at this step, after its warm-up (λ of ReLU's L1, JumpReLU's L0); 0 if none.
   * A tensor [S] when the seeds have their own (sweep cells trained together): a loss multiplies it with a [S] term.
   */
  penalty: number | TF.Tensor1D;
  /** E||x − mean||² per row over the activation set: scales the TopK reconstruction loss to an FVU. */
  varPerRow: number;
  /**
   * The latents that may be dead in any seed (a superset of the dead ones, increasing): AuxK works on these columns
   * only. null: none can be; absent: every latent is a candidate.
   */
  deadCandidates?: Int32Array | null;
}

/**
 * An extra loss term added to an architecture's loss (e.g. a stabilising regulariser): a scalar summed over seeds.
 * The trainer adds every term it is given and then differentiates with autograd: an architecture's hand-derived
 * gradients know only its own loss, so a group with extra terms never takes the hand path.
 */
export type LossTerm = (ctx: LossContext) => TF.Scalar;

/** What `seedGradients` sees for one step of one seed. */
export interface SeedStepContext<Spec extends SaeSpec = SaeSpec> {
  spec: Spec;
  x: TF.Tensor2D; // [B, d_in]
  params: SaeParams;
  varPerRow: number;
  /** Latents that may be dead in the training window ([u] int32) and 1 where they are ([1, u]); null: none can be. */
  deadCandidates: { latents: TF.Tensor1D; dead: TF.Tensor2D } | null;
}

/** An architecture's tensor work, built once per kit. */
export interface SaeMath<Spec extends SaeSpec = SaeSpec> {
  /** Codes during training, from a batch's pre-activations [S, B, n] (and the thresholds [S, 1, n], if any). */
  activate(pre: Tensor3D, spec: Spec, threshold?: TF.Tensor): Tensor3D;
  /** Codes of a trained SAE, as exported (evaluation, analyses): the same as `activate` unless it needs the batch. */
  infer?(pre: Tensor3D, spec: Spec, threshold?: TF.Tensor): Tensor3D;
  loss(ctx: LossContext<Spec>): TF.Scalar;
  /**
   * Optional: the gradients of `loss` for one seed, derived by hand for speed (wasm). The trainer uses it for
   * single-seed groups on the split path without extra loss terms, and autograd of `loss` otherwise;
   * tests/core/sae/handGradients.test.ts holds every architecture that has one to autograd's result.
   */
  seedGradients?(ctx: SeedStepContext<Spec>): SeedGradients;
  /** Optional: whether `loss` uses the dead latents (then the trainer passes `deadCandidates`). */
  usesDeadLatents?(spec: Spec): boolean;
  /** Edits the gradients [W_enc, b_enc, W_dec, b_dec, (threshold)] before clipping and the optimiser step. */
  adjustGradients(params: SaeParams, grads: TF.Tensor[]): TF.Tensor[];
  /** Runs after each optimiser step, with the step's codes z [S, B, n] (before the step; absent on the hand path). */
  afterStep(params: SaeParams, z: Tensor3D | undefined, spec: Spec): void;
}

/** A per-latent threshold kept beside the four SAELens weights, exported as SAELens' `threshold` [d_sae]. */
export interface ThresholdParam<Spec extends SaeSpec = SaeSpec> {
  /** true: trained by the optimiser (JumpReLU); false: estimated by `afterStep` (BatchTopK). */
  trainable: boolean;
  /** Its value at initialisation, in training space (data scaled to mean norm sqrt(d_in)). */
  initial(spec: Spec): number;
}

/**
 * `Spec`: the specs this architecture reads, `SaeSpecOf<'its name'>`, so its functions see its own knobs as
 * present. The registry holds them as `SaeArchitecture` (any spec): the trainer only ever hands an architecture
 * the specs whose `architecture` names it.
 */
export interface SaeArchitecture<Spec extends SaeSpec = SaeSpec> {
  /** The spec's `architecture` value; saved with every result. */
  name: string;
  /** Short display name: TopK, ReLU, … */
  label: string;
  /** One line for the architecture choice's doc and the docs table. */
  doc: string;
  /** This architecture's own spec fields (its knob type is `FieldValues` of them). A key two architectures share is one Field object. */
  fields: Readonly<Record<string, Field>>;
  /** Its knobs on the page's main row, then the ones folded under "advanced". */
  mainKeys: readonly string[];
  advancedKeys: readonly string[];
  /** Spec checks beyond the field bounds, given the latent count n; throws SpecError. */
  check?(spec: Spec, n: number, path: string): void;
  /** The active-latent target drawn on the L0 chart, if it has one (TopK's k). */
  targetL0?(spec: Spec): number | null;
  /** The part of an SAE's folder name that says its knob, e.g. `k32` (folders are `NAME_VARIANT_seedS`). */
  variant(spec: Spec): string;
  /** Its knobs in a report (cli report.json). */
  reportKnobs(spec: Spec): Record<string, number>;
  /** The sparsity penalty, if it has one: its coefficient and the fraction of training over which it rises from 0. */
  penalty?: {
    /** The spec key `coef` reads (cells of a sweep that differ only in it can train as one run). */
    field: string;
    coef(spec: Spec): number;
    warmupFraction?(spec: Spec): number;
  };
  /** Norm of each decoder row at initialisation. */
  decoderInitNorm: number;
  threshold?: ThresholdParam<Spec>;
  saeLens: {
    /** cfg.json `architecture` written (BatchTopK is exported as the JumpReLU it is at inference, as SAELens does). */
    name: string;
    /** cfg.json fields besides the common ones (e.g. `k`). */
    cfg(spec: Spec): Record<string, unknown>;
    /**
     * Reads a SAELens/sparsify cfg.json: this architecture's spec fields if the file is one of its SAEs, else null.
     * Throws SpecError when it is one but malformed. `dSae` is the latent count from the weights.
     */
    read?(cfg: Record<string, unknown>, dSae: number, where: string): Record<string, unknown> | null;
  };
  math(kit: SaeKit): SaeMath<Spec>;
}

/** Types an architecture literal for its own specs: `defineArchitecture<SaeSpecOf<'relu'>>({ … })`. */
export const defineArchitecture = <Spec extends SaeSpec>(a: SaeArchitecture<Spec>): SaeArchitecture<Spec> => a;
