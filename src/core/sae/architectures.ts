import * as tf from '../tf.ts';
import type { SaeArchitectureName, SaeSpec } from '../spec/sae.ts';
import { type SaeForward, type SaeParams, decoderNorms } from './model.ts';
import { HIDE_LIVE, type SeedMatMulMode, addRowBias, columnPicker, detached, pickColumns, seedMatMul, stopGradient, sumLast, sumPerSeed, sumRows, topkRelu } from './ops.ts';
import { type SeedGradients, type TopkSeedStep, topkSeedGradients } from './topkStep.ts';

/** What a loss sees for one step of S seeds (every per-seed term is a mean over the batch, summed over seeds). */
export interface LossContext {
  spec: SaeSpec;
  x: tf.Tensor3D; // [S, B, d_in]
  fwd: SaeForward;
  params: SaeParams;
  mode: SeedMatMulMode;
  /** 1 where a latent is dead in the training window: [S, 1, n]. */
  dead: tf.Tensor3D;
  /** λ at this step (after warm-up). */
  l1: number;
  /** E||x − mean||² per row over the activation set: scales the TopK reconstruction loss to an FVU. */
  varPerRow: number;
  /**
   * The latents that may be dead in any seed (a superset of the dead ones, increasing): AuxK works on these columns
   * only. null: none can be; absent: every latent is a candidate.
   */
  deadCandidates?: Int32Array | null;
}

/** What `seedGradients` sees for one step of one seed. */
export interface SeedStepContext {
  spec: SaeSpec;
  x: tf.Tensor2D; // [B, d_in]
  params: SaeParams;
  varPerRow: number;
  /** Latents that may be dead in the training window ([u] int32) and 1 where they are ([1, u]); null: none can be. */
  deadCandidates: { latents: tf.Tensor1D; dead: tf.Tensor2D } | null;
}

/**
 * An SAE variant, registered by name: the spec's `architecture` picks it and the name is saved with the
 * results (SAELens registry habit). New variants plug in here without touching the trainer.
 */
export interface SaeArchitecture {
  name: SaeArchitectureName;
  /** SAELens cfg.json `architecture`. */
  saeLensName: string;
  /** Norm of each decoder row at initialisation. */
  decoderInitNorm: number;
  activate(pre: tf.Tensor3D, spec: SaeSpec): tf.Tensor3D;
  loss(ctx: LossContext): tf.Scalar;
  /**
   * Optional: the gradients of `loss` for one seed, derived by hand for speed (wasm). The trainer uses it for
   * single-seed groups on the split path and autograd of `loss` otherwise; tests hold the two to the same result.
   */
  seedGradients?(ctx: SeedStepContext): SeedGradients;
  /** Optional: whether `loss` uses the dead latents (then the trainer passes `deadCandidates`). */
  usesDeadLatents?(spec: SaeSpec): boolean;
  /** Edits the gradients [W_enc, b_enc, W_dec, b_dec] before clipping and the optimiser step. */
  adjustGradients(params: SaeParams, grads: tf.Tensor[]): tf.Tensor[];
  /** Runs after each optimiser step. */
  afterStep(params: SaeParams): void;
}

/** kAux = 0 means d_in / 2 (Gao et al.), never more than the latents. */
export const effectiveKAux = (spec: SaeSpec, dIn: number, n: number): number =>
  Math.min(n, spec.kAux > 0 ? spec.kAux : Math.max(1, Math.floor(dIn / 2)));

/**
 * The SAE restricted to the candidate latents U (u columns, padded with columns that pick nothing): pre-activations
 * [S, B, u] computed as the model does, the dead mask [S, 1, u] and decoder rows [S, u, d_in]. Live latents are
 * hidden in AuxK's top-k and add exact zeros, so this changes only the cost: AuxK's products shrink from n to u
 * columns (with 10 % dead, AuxK's top-k and three [B, n]-sized products were ~40 % of a step on WebGPU).
 */
function auxColumns(x: tf.Tensor3D, params: SaeParams, dead: tf.Tensor3D, latents: Int32Array, mode: SeedMatMulMode) {
  const [S, , n] = params.Wenc.shape as number[];
  const pick = columnPicker(latents, n); // [n, u]
  const WencU = pickColumns(params.Wenc, pick) as tf.Tensor3D; // [S, d_in, u]
  const bias = tf.sub(pickColumns(params.benc, pick), seedMatMul(params.bdec, WencU, mode)); // [S, 1, u]
  const pre = addRowBias(seedMatMul(x, WencU, mode, true), bias, mode); // [S, B, u]
  const deadU = tf.matMul(dead.reshape([S, n]), pick).reshape([S, 1, -1]) as tf.Tensor3D; // padding: 0, hidden
  const Wdec = seedMatMul(columnPicker(latents, n, true).reshape([1, -1, n]), params.Wdec, mode, true); // [S, u, d_in]
  return { pre, deadU, Wdec };
}

/**
 * TopK (Gao et al. 2024): exactly k active latents; decoder rows unit norm (gradient parallel to each row removed
 * before the step, rows renormalised after it); loss = reconstruction error / data variance (a batch FVU) plus
 * AuxK: the top k_aux dead latents reconstruct the (detached) residual, normalised the same way, × 1/32.
 */
const topk: SaeArchitecture = {
  name: 'topk',
  saeLensName: 'topk',
  decoderInitNorm: 1,
  activate: (pre, spec) => topkRelu(pre, spec.k) as tf.Tensor3D,
  usesDeadLatents: (spec) => spec.auxK === 'on' && spec.auxKCoef > 0,
  loss({ spec, x, fwd, params, mode, dead, varPerRow, deadCandidates }) {
    const [, B, dIn] = x.shape;
    const n = fwd.pre.shape[2];
    const err = tf.sub(x, fwd.xHat); // [S, B, d_in]
    let perSeed = tf.div(sumPerSeed(tf.square(err)), B * varPerRow); // [S]
    if (spec.auxK === 'on' && spec.auxKCoef > 0 && deadCandidates !== null) {
      const e = stopGradient(err); // [S, B, d_in]
      const { pre, deadU, Wdec } = deadCandidates ? auxColumns(x, params, dead, deadCandidates, mode) : { pre: fwd.pre, deadU: dead, Wdec: params.Wdec };
      const deadPre = tf.sub(pre, tf.mul(tf.sub(1, deadU), HIDE_LIVE)); // [S, B, u]
      const zAux = topkRelu(deadPre, Math.min(effectiveKAux(spec, dIn, n), pre.shape[2])); // [S, B, u]
      const eHat = seedMatMul(zAux, Wdec, mode); // [S, B, d_in]
      const num = sumPerSeed(tf.square(tf.sub(e, eHat))); // [S]
      // [S]: Σ||e − mean(e)||², a constant (e is detached): computed as one op so backprop skips its inner ops.
      const den = detached((r) => sumPerSeed(tf.square(tf.sub(r, tf.div(sumRows(r, mode), B)))), err);
      perSeed = tf.add(perSeed, tf.mul(tf.div(num, tf.add(den, 1e-12)), spec.auxKCoef));
    }
    return tf.sum(perSeed) as tf.Scalar;
  },
  seedGradients({ spec, x, params, varPerRow, deadCandidates }) {
    const [, dIn] = x.shape;
    const n = (params.benc.shape as number[])[2];
    const auxOn = spec.auxK === 'on' && spec.auxKCoef > 0 && deadCandidates !== null;
    const aux: TopkSeedStep['aux'] = auxOn ? { ...deadCandidates, kAux: effectiveKAux(spec, dIn, n), coef: spec.auxKCoef } : undefined;
    return topkSeedGradients({ x, params, k: spec.k, varPerRow, aux });
  },
  adjustGradients(params, [gWenc, gbenc, gWdec, gbdec]) {
    const W = params.Wdec; // [S, n, d_in], unit rows
    const parallel = tf.mul(sumLast(tf.mul(gWdec, W)), W); // (g·w) w per row
    return [gWenc, gbenc, tf.sub(gWdec, parallel), gbdec];
  },
  afterStep(params) {
    tf.tidy(() => {
      const W = params.Wdec;
      params.Wdec.assign(tf.div(W, tf.sqrt(sumLast(tf.square(W)))));
    });
  },
};

/**
 * ReLU + L1 (Anthropic, April 2024 update): loss = ||x − x̂||² + λ Σ_i z_i ||W_dec[i]||, on data scaled so that
 * the mean row norm is sqrt(d_in); decoder rows start at norm 0.1 and are free to grow (the penalty is weighted by
 * them, so shrinking z while growing W_dec gains nothing).
 */
const relu: SaeArchitecture = {
  name: 'relu',
  saeLensName: 'standard',
  decoderInitNorm: 0.1,
  activate: (pre) => tf.relu(pre),
  loss({ x, fwd, params, mode, l1 }) {
    const B = x.shape[1];
    const recon = sumPerSeed(tf.square(tf.sub(x, fwd.xHat))); // [S]
    // Σ_rows Σ_i z_i·||W_dec[i]|| as (Σ_rows z) · norms: the broadcast product's gradient would reduce over rows.
    const sparsity = sumPerSeed(tf.mul(sumRows(fwd.z, mode), decoderNorms(params.Wdec))); // [S]
    return tf.div(tf.sum(tf.add(recon, tf.mul(sparsity, l1))), B) as tf.Scalar;
  },
  adjustGradients: (_params, grads) => grads,
  afterStep: () => {},
};

export const saeArchitectureRegistry: Record<SaeArchitectureName, SaeArchitecture> = { topk, relu };

export function getArchitecture(name: string): SaeArchitecture {
  const arch = saeArchitectureRegistry[name as SaeArchitectureName];
  if (!arch) throw new Error(`unknown SAE architecture "${name}"; known: ${Object.keys(saeArchitectureRegistry).join(', ')}`);
  return arch;
}
