import * as tf from '../tf.ts';
import { type SeedMatMulMode, addRowBias, seedMatMul, sumLast } from './ops.ts';

/**
 * The weights of S SAEs that train together, stacked on a leading seed axis. Per seed they are SAELens' layout:
 *   pre = (x − b_dec) · W_enc + b_enc,   z = act(pre),   x̂ = z · W_dec + b_dec.
 */
export interface SaeParams {
  Wenc: tf.Variable; // [S, d_in, n]
  benc: tf.Variable; // [S, 1, n]
  Wdec: tf.Variable; // [S, n, d_in]
  bdec: tf.Variable; // [S, 1, d_in]
  /** Architectures with a threshold (JumpReLU, BatchTopK): θ per latent, training space. */
  threshold?: tf.Variable; // [S, 1, n]
}

export interface SaeForward {
  pre: tf.Tensor3D; // [S, B, n]
  z: tf.Tensor3D; // [S, B, n]
  xHat: tf.Tensor3D; // [S, B, d_in]
}

/** x is [S, B, d_in] (each seed its own rows) or [1, B, d_in] (rows shared by every seed). */
export function saeForward(
  x: tf.Tensor3D,
  p: SaeParams,
  activate: (pre: tf.Tensor3D) => tf.Tensor3D,
  mode: SeedMatMulMode,
): SaeForward {
  // (x − b_dec)·W_enc + b_enc = x·W_enc + (b_enc − b_dec·W_enc): x is data and takes no gradient, and b_dec's
  // encoder-side gradient is a [1, d_in]·[d_in, n] product rather than a sum over rows (as in OpenAI's kernel).
  const bias = tf.sub(p.benc, seedMatMul(p.bdec, p.Wenc, mode)); // [S, 1, n]
  const pre = addRowBias(seedMatMul(x, p.Wenc, mode, true), bias, mode);
  const z = activate(pre);
  const xHat = addRowBias(seedMatMul(z, p.Wdec, mode), p.bdec, mode);
  return { pre, z, xHat };
}

/** ||W_dec[i]|| per seed and latent: [S, 1, n]. */
export function decoderNorms(Wdec: tf.Tensor): tf.Tensor3D {
  const [S, n] = Wdec.shape;
  return tf.sqrt(sumLast(tf.square(Wdec))).reshape([S, 1, n]);
}
