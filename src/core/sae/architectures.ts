import * as tf from '../tf.ts';
import type { SaeArchitectureName, SaeSpec } from '../spec/sae.ts';
import { type SaeForward, type SaeParams, decoderNorms } from './model.ts';
import { HIDE_LIVE, type SeedMatMulMode, detached, seedMatMul, stopGradient, sumLast, sumPerSeed, sumRows, topkRelu } from './ops.ts';
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
  /** Edits the gradients [W_enc, b_enc, W_dec, b_dec] before clipping and the optimiser step. */
  adjustGradients(params: SaeParams, grads: tf.Tensor[]): tf.Tensor[];
  /** Runs after each optimiser step. */
  afterStep(params: SaeParams): void;
}

/** kAux = 0 means d_in / 2 (Gao et al.), never more than the latents. */
export const effectiveKAux = (spec: SaeSpec, dIn: number, n: number): number =>
  Math.min(n, spec.kAux > 0 ? spec.kAux : Math.max(1, Math.floor(dIn / 2)));

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
  loss({ spec, x, fwd, params, mode, dead, varPerRow }) {
    const [, B, dIn] = x.shape;
    const n = fwd.pre.shape[2];
    const err = tf.sub(x, fwd.xHat); // [S, B, d_in]
    let perSeed = tf.div(sumPerSeed(tf.square(err)), B * varPerRow); // [S]
    if (spec.auxK === 'on' && spec.auxKCoef > 0) {
      const e = stopGradient(err); // [S, B, d_in]
      const deadPre = tf.sub(fwd.pre, tf.mul(tf.sub(1, dead), HIDE_LIVE)); // [S, B, n]
      const zAux = topkRelu(deadPre, effectiveKAux(spec, dIn, n)); // [S, B, n]
      const eHat = seedMatMul(zAux, params.Wdec, mode); // [S, B, d_in]
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
