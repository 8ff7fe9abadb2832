import * as tf from './tf.ts';

type CustomGradFn = Parameters<typeof tf.customGrad>[0];

/**
 * 2-D matMul whose gradient transposes its operands explicitly. tfjs autograd would use matMul's transpose flags,
 * which run 20-40x slower than the plain product on the wasm backend (BROWSER.md); an explicit transpose is cheap.
 */
const matMulExplicitGrad = tf.customGrad(((a: tf.Tensor2D, b: tf.Tensor2D, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as tf.Tensor2D[];
      return [tf.matMul(dy, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy)];
    },
  };
}) as unknown as CustomGradFn) as unknown as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor2D;

/** x [..., k] · w [k, n] → [..., n], with the fast gradient. */
export function linear(x: tf.Tensor, w: tf.Tensor2D): tf.Tensor {
  const k = x.shape[x.rank - 1];
  const lead = x.shape.slice(0, -1);
  const flat = x.rank === 2 ? x : x.reshape([-1, k]);
  const y = matMulExplicitGrad(flat, w);
  return x.rank === 2 ? y : y.reshape([...lead, w.shape[1]]);
}

/**
 * oneHot [N, V] · table [V, d] → [N, d], differentiable in the table only: one-hot inputs are constants, so their
 * gradient (a full [N, d]·[d, V] matMul) is skipped. Used for embeddings, since gather's gradient has no wasm kernel.
 */
export const embedLookup = tf.customGrad(((oneHot: tf.Tensor2D, table: tf.Tensor2D, save: tf.GradSaveFunc) => {
  save([oneHot]);
  return {
    value: tf.matMul(oneHot, table),
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [oh] = saved as tf.Tensor2D[];
      return [tf.zerosLike(oh), tf.matMul(tf.transpose(oh), dy)];
    },
  };
}) as unknown as CustomGradFn) as unknown as (oneHot: tf.Tensor, table: tf.Tensor) => tf.Tensor2D;

/**
 * Sum over the last axis, x [..., k] → [..., 1], as a matMul with a ones column: tfjs-webgpu's reduction runs one
 * 256-thread workgroup per output element, which is very slow for many short rows on CPU-emulated WebGPU.
 * The ones column is made per call (a k-element fill), so nothing outlives the caller's tidy.
 */
export function sumLastAxis(x: tf.Tensor): tf.Tensor {
  return sumLastGrad(x, tf.ones([x.shape[x.rank - 1], 1]) as tf.Tensor2D);
}

const sumLastGrad = tf.customGrad(((x: tf.Tensor, ones: tf.Tensor2D, save: tf.GradSaveFunc) => {
  save([x]);
  const k = x.shape[x.rank - 1];
  const y = tf.matMul(x.reshape([-1, k]) as tf.Tensor2D, ones).reshape([...x.shape.slice(0, -1), 1]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(dy, tf.onesLike(saved[0])), tf.zerosLike(ones)],
  };
}) as unknown as CustomGradFn) as unknown as (x: tf.Tensor, ones: tf.Tensor2D) => tf.Tensor;
