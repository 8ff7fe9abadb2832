import * as tf from './tf.ts';

type CustomGradFn = Parameters<typeof tf.customGrad>[0];

/**
 * [m, n] → [n, m] through a rank-3 transpose. tfjs-webgpu runs a 2-D transpose as a shared-memory tiled shader, and
 * workgroup barriers are very slow on CPU-emulated WebGPU (SwiftShader: 10-40 ms for [423, 128]); the general
 * kernel it uses for [1, m, n] has none (under a millisecond). wasm drops the size-1 axis, so nothing changes there.
 */
export function transpose2d(x: tf.Tensor2D): tf.Tensor2D {
  const [m, n] = x.shape;
  return x.reshape([1, m, n]).transpose([0, 2, 1]).reshape([n, m]);
}

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
      return [tf.matMul(dy, transpose2d(sb)), tf.matMul(transpose2d(sa), dy)];
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
 * table [V, d] rows at ids [N] (int32) → [N, d], differentiable in the table only; the gradient is
 * oneHotᵀ [V, N] · dy, since gather's own gradient has no wasm kernel. The forward pass gathers on WebGPU (a
 * copy, against a 20 ms matMul on SwiftShader) and multiplies by the one-hot elsewhere (wasm's gather ran 7x
 * slower than that matMul for nanda). Both are exact, so every backend gets the same rows.
 */
export const embedRows = tf.customGrad(((ids: tf.Tensor1D, table: tf.Tensor2D, save: tf.GradSaveFunc) => {
  save([ids]);
  const oneHotOf = (i: tf.Tensor1D) => tf.oneHot(i, table.shape[0]).toFloat() as tf.Tensor2D; // [N, V]
  return {
    value: tf.getBackend() === 'webgpu' ? tf.gather(table, ids) : tf.matMul(oneHotOf(ids), table),
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [i] = saved as tf.Tensor1D[];
      // × 1 makes a real float buffer: tfjs-webgpu casts int to float by relabelling the int buffer, which its
      // general transpose shader cannot read as float.
      return [tf.zerosLike(i), tf.matMul(transpose2d(tf.mul(oneHotOf(i), 1)), dy)];
    },
  };
}) as unknown as CustomGradFn) as unknown as (ids: tf.Tensor, table: tf.Tensor) => tf.Tensor2D;

/**
 * Sum over the last axis, x [..., k] → [..., 1], as a matMul with ones: tfjs-webgpu's reduction runs one 256-thread
 * workgroup per output element, which is very slow for many short rows on CPU-emulated WebGPU. When the
 * second-last axis is small (G·k ≤ 128, e.g. heads × d_head), its G rows share one matMul row against a
 * block-diagonal ones matrix [G·k, G]: a matMul of 1 output column fills 1/32 of each 32×32 tile, G columns G/32.
 * The ones matrix is made per call (a small fill), so nothing outlives the caller's tidy.
 */
export function sumLastAxis(x: tf.Tensor): tf.Tensor {
  const k = x.shape[x.rank - 1];
  const g = x.rank >= 2 && x.shape[x.rank - 2] * k <= 128 ? x.shape[x.rank - 2] : 1;
  const blockOnes = new Float32Array(g * k * g);
  for (let r = 0; r < g * k; r++) blockOnes[r * g + Math.floor(r / k)] = 1;
  return sumLastGrad(x, tf.tensor2d(blockOnes, [g * k, g]));
}

const sumLastGrad = tf.customGrad(((x: tf.Tensor, blockOnes: tf.Tensor2D, save: tf.GradSaveFunc) => {
  save([x]);
  const gk = blockOnes.shape[0];
  const y = tf.matMul(x.reshape([-1, gk]) as tf.Tensor2D, blockOnes).reshape([...x.shape.slice(0, -1), 1]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(dy, tf.onesLike(saved[0])), tf.zerosLike(blockOnes)],
  };
}) as unknown as CustomGradFn) as unknown as (x: tf.Tensor, blockOnes: tf.Tensor2D) => tf.Tensor;
