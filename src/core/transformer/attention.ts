import * as tf from '../tf.ts';
import { sumLastAxis } from '../linalg.ts';

const MASKED = -1e9;
type CustomGradFn = Parameters<typeof tf.customGrad>[0];

/**
 * Sums a [B, n, H, d] gradient down to `shape` ([B, 1 or n, H, 1 or d]) without tf.sum: tfjs-webgpu reduces with one
 * 256-thread workgroup per output (~50 ms a call on SwiftShader). The last axis is summed by a matMul with ones, the
 * query axis (at most 3) by adding slices.
 */
function sumToShape(x: tf.Tensor4D, shape: number[]): tf.Tensor {
  const [B, n, H, d] = x.shape;
  let out: tf.Tensor = x;
  if (shape[1] === 1 && n > 1) {
    out = x.slice([0, 0, 0, 0], [B, 1, H, d]);
    for (let i = 1; i < n; i++) out = tf.add(out, x.slice([0, i, 0, 0], [B, 1, H, d]));
  }
  return shape[3] === 1 && d > 1 ? sumLastAxis(out) : out;
}

/** a · b for 4-D tensors that broadcast on axes 1 and 3, with the gradient of sumToShape. */
const mul4d = tf.customGrad(((a: tf.Tensor4D, b: tf.Tensor4D, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.mul(a, b),
    gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
      const [sa, sb] = saved;
      return [sumToShape(tf.mul(dy, sb), sa.shape), sumToShape(tf.mul(dy, sa), sb.shape)];
    },
  };
}) as unknown as CustomGradFn) as unknown as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor4D;

/**
 * Causal attention over a context of 3, written with elementwise ops and one-column matMuls only. With three keys
 * the scores, the softmax and pattern·V unroll over j = 0..2; this avoids batched matMuls with transpose flags
 * (20-40x slower on wasm) and small reductions (tfjs-webgpu runs one 256-thread workgroup per output element:
 * a [B·nq·H, d_head] sum took over a second a step on SwiftShader, a matMul with ones 25 ms).
 *
 *   q [B, nq, H, dh] at query positions `queryPositions`; k, v [B, 3, H, dh].
 * Returns z [B, nq, H, dh] and, when asked, the pattern [B, H, nq, 3] (TransformerLens hook_pattern layout).
 */
export function causalAttention(
  q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, queryPositions: number[], wantPattern: boolean,
): { z: tf.Tensor4D; pattern?: tf.Tensor4D } {
  const [, nq, , dh] = q.shape;
  const scale = 1 / Math.sqrt(dh);
  // tf.split's gradient is one concat; three slices would each pad back to [B, 3, H, dh] and then be added.
  const ks = tf.split(k, 3, 1); // each [B, 1, H, dh]
  const vs = tf.split(v, 3, 1);
  const scores = [0, 1, 2].map((j) => {
    const s = tf.mul(sumLastAxis(mul4d(q, ks[j])), scale); // [B, nq, H, 1]
    const mask = queryPositions.map((i) => (j > i ? MASKED : 0));
    return mask.some((x) => x !== 0) ? tf.add(s, tf.tensor(mask, [1, nq, 1, 1])) : s;
  });
  // Softmax over the three keys, max-subtracted.
  const max = tf.maximum(tf.maximum(scores[0], scores[1]), scores[2]);
  const exps = scores.map((s) => tf.exp(tf.sub(s, max)));
  const denom = tf.add(tf.add(exps[0], exps[1]), exps[2]);
  const probs = exps.map((e) => tf.div(e, denom)); // each [B, nq, H, 1]
  const term = (j: number) => mul4d(probs[j], vs[j]); // [B, nq, H, dh]
  const z = tf.add(tf.add(term(0), term(1)), term(2)) as tf.Tensor4D;
  const pattern = wantPattern ? (tf.concat(probs, 3).transpose([0, 2, 1, 3]) as tf.Tensor4D) : undefined;
  return { z, pattern };
}
