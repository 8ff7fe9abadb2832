import * as tf from '../tf.ts';
import { transpose2d } from '../linalg.ts';
import type { SaeParams } from './model.ts';
import { HIDE_LIVE } from './ops.ts';

/**
 * The TopK SAE's loss gradients for one seed, derived by hand: the same loss as `topk.loss` in architectures.ts
 * (which autograd differentiates for seed-batched groups), computed the way the wasm backend is fast (measured,
 * d_in 128, n 1,024, 4,096 rows: a plain matMul with a small right-hand side 35 ms, a [4096, 1024] transpose
 * 29 ms, gather ~50 ns per element):
 *  - every product is a plain matMul whose right-hand operand is small. The encoder's gradient is formed
 *    transposed, dpreᵀ = (W_dec·dx̂ᵀ) ⊙ 1[zᵀ > 0], and zᵀ is scattered straight from TopK's indices, so no [B, n]
 *    tensor is ever transposed; the data's gradient is never formed.
 *  - AuxK works on `aux.latents` only: the latents that may be dead (dead-candidates.ts), a superset of the dead
 *    ones. Live latents sit at pre − 1e6 in AuxK's top-k and contribute exact zeros, so restricting the columns
 *    changes nothing but the cost — with a few % of latents dead, AuxK costs a few % of a step instead of a third.
 */
export interface TopkSeedStep {
  x: tf.Tensor2D; // [B, d_in]
  params: SaeParams; // one seed: [1, …]
  k: number;
  /** E||x − mean||² per row: the reconstruction loss is Σ||x − x̂||² / (B · varPerRow). */
  varPerRow: number;
  /** AuxK over candidate latents (absent when AuxK is off or no latent can be dead). */
  aux?: {
    latents: tf.Tensor1D; // [u] int32, distinct
    dead: tf.Tensor2D; // [1, u]: 1 where the candidate is dead in the training window
    kAux: number;
    coef: number;
  };
}

export interface SeedGradients {
  /** Gradients of [W_enc, b_enc, W_dec, b_dec] in the parameters' shapes. */
  grads: tf.Tensor[];
  /** [1, n]: 1 where the latent fired on some row of the batch. */
  fired: tf.Tensor2D;
}

/** TopK then ReLU of each row of pre [B, m]: z [B, m], zᵀ [m, B] and 1[zᵀ > 0], all scattered from TopK's output. */
function topkCodes(pre: tf.Tensor2D, k: number) {
  const [B, m] = pre.shape;
  const { values, indices } = tf.topk(pre, k, false); // [B, k], unsorted (the order does not matter here)
  const act = tf.relu(values).reshape([B * k]);
  const rows = new Int32Array(B * k);
  for (let r = 0; r < B; r++) rows.fill(r, r * k, (r + 1) * k);
  const row = tf.tensor2d(rows, [B, k], 'int32');
  const at = tf.add(tf.mul(row, tf.scalar(m, 'int32')), indices).reshape([B * k]) as tf.Tensor1D; // r·m + i
  const atT = tf.add(tf.mul(indices, tf.scalar(B, 'int32')), row).reshape([B * k]) as tf.Tensor1D; // i·B + r
  const z = tf.sparseToDense(at, act, [B * m], 0).reshape([B, m]) as tf.Tensor2D;
  const zT = tf.sparseToDense(atT, act, [m * B], 0).reshape([m, B]) as tf.Tensor2D;
  return { z, zT, maskT: tf.step(zT) as tf.Tensor2D };
}

/** Σ over rows of a transposed [m, B] tensor: [m, 1] (a plain product with a ones column). */
const sumColumns = (tT: tf.Tensor2D): tf.Tensor2D => tf.matMul(tT, tf.ones([tT.shape[1], 1]));

export function topkSeedGradients({ x, params, k, varPerRow, aux }: TopkSeedStep): SeedGradients {
  const [B, d] = x.shape;
  const n = (params.benc.shape as number[])[2];
  const Wenc = params.Wenc.reshape([d, n]) as tf.Tensor2D;
  const Wdec = params.Wdec.reshape([n, d]) as tf.Tensor2D;
  const benc = params.benc.reshape([1, n]);
  const bdec = params.bdec.reshape([1, d]);

  // Forward: pre = (x − b_dec)·W_enc + b_enc = x·W_enc + bias, z = ReLU(TopK(pre)), x̂ = z·W_dec + b_dec.
  const bias = tf.sub(benc, tf.matMul(bdec, Wenc)); // [1, n]
  const pre = tf.add(tf.matMul(x, Wenc), bias) as tf.Tensor2D; // [B, n]
  const { z, zT, maskT } = topkCodes(pre, k);
  const xHat = tf.add(tf.matMul(z, Wdec), bdec); // [B, d]
  const err = tf.sub(x, xHat) as tf.Tensor2D; // [B, d]
  const errT = transpose2d(err); // [d, B], small

  // Reconstruction: L = Σ err² / (B · varPerRow), so dL/dx̂ = −2·err / (B · varPerRow).
  const c = -2 / (B * varPerRow);
  const dxHatT = tf.mul(errT, c) as tf.Tensor2D; // [d, B]
  let dWdec = tf.matMul(zT, tf.mul(err, c)); // [n, d]
  const dpreT = tf.mul(tf.matMul(Wdec, dxHatT), maskT) as tf.Tensor2D; // [n, B]
  let dWencT = tf.matMul(dpreT, x); // [n, d]
  let dbias = sumColumns(dpreT); // [n, 1]

  if (aux && aux.latents.size > 0) {
    const a = auxGradients(x, err, errT, Wenc, Wdec, bias, aux);
    const at = aux.latents.reshape([-1, 1]);
    dWdec = tf.add(dWdec, tf.scatterND(at, a.dWdec, [n, d]));
    dWencT = tf.add(dWencT, tf.scatterND(at, a.dWencT, [n, d]));
    dbias = tf.add(dbias, tf.scatterND(at, a.dbias, [n, 1]));
  }

  // bias = b_enc − b_dec·W_enc: b_enc takes dbias; W_enc and b_dec take −b_decᵀ·dbiasᵀ and −W_enc·dbias.
  const dbiasRow = dbias.reshape([1, n]);
  // The outer product as a broadcast: a matMul with dbiasRow on the right would abort the wasm backend (xnnpack
  // caches packed right-hand operands by data id: one tensor as right operand in two shapes breaks it, measured).
  const dWenc = tf.sub(transpose2d(dWencT as tf.Tensor2D), tf.mul(bdec.reshape([d, 1]), dbiasRow)); // [d, n]
  const dbdec = tf.sub(sumColumns(dxHatT), tf.matMul(Wenc, dbias)).reshape([1, d]); // [1, d]
  const fired = tf.step(sumColumns(maskT)).reshape([1, n]) as tf.Tensor2D;
  return {
    grads: [dWenc.reshape([1, d, n]), dbiasRow.reshape([1, 1, n]), dWdec.reshape([1, n, d]), dbdec.reshape([1, 1, d])],
    fired,
  };
}

/**
 * AuxK on the candidate columns U (u of them): the top kAux dead latents reconstruct the detached residual e,
 * L_aux = coef · Σ||e − ê||² / Σ||e − mean(e)||². Returns the gradients of U's rows of W_dec and W_encᵀ and of U's
 * biases (each [u, …]), to be scattered into the full ones.
 */
function auxGradients(
  x: tf.Tensor2D,
  e: tf.Tensor,
  eT: tf.Tensor2D,
  Wenc: tf.Tensor2D,
  Wdec: tf.Tensor2D,
  bias: tf.Tensor,
  aux: NonNullable<TopkSeedStep['aux']>,
) {
  const [B] = x.shape;
  const u = aux.latents.size;
  const WencU = tf.gather(Wenc, aux.latents, 1) as tf.Tensor2D; // [d, u]
  const WdecU = tf.gather(Wdec, aux.latents, 0) as tf.Tensor2D; // [u, d]
  const preU = tf.add(tf.matMul(x, WencU), tf.gather(bias, aux.latents, 1)) as tf.Tensor2D; // [B, u]
  const deadPre = tf.sub(preU, tf.mul(tf.sub(1, aux.dead), HIDE_LIVE)) as tf.Tensor2D;
  const { z, zT, maskT } = topkCodes(deadPre, Math.min(aux.kAux, u));
  const eHat = tf.matMul(z, WdecU); // [B, d]
  const mean = tf.div(sumColumns(eT), B).reshape([1, -1]); // [1, d]
  const den = tf.sum(tf.square(tf.sub(e, mean))); // Σ||e − mean(e)||², a constant: e is detached
  const scale = tf.div(-2 * aux.coef, tf.add(den, 1e-12));
  const deHat = tf.mul(tf.sub(e, eHat), scale) as tf.Tensor2D; // [B, d]
  const deHatT = transpose2d(deHat); // [d, B], small
  const dpreT = tf.mul(tf.matMul(WdecU, deHatT), maskT) as tf.Tensor2D; // [u, B]
  return {
    dWdec: tf.matMul(zT, deHat), // [u, d]
    dWencT: tf.matMul(dpreT, x), // [u, d]
    dbias: sumColumns(dpreT), // [u, 1]
  };
}
