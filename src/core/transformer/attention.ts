import * as tf from '../tf.ts';
import { sumLastAxis } from '../linalg.ts';

const MASKED = -1e9;

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
  const [B, nq, H, dh] = q.shape;
  const scale = 1 / Math.sqrt(dh);
  const keyAt = (t: tf.Tensor4D, j: number) => t.slice([0, j, 0, 0], [B, 1, H, dh]); // [B, 1, H, dh]
  const scores = [0, 1, 2].map((j) => {
    const s = tf.mul(sumLastAxis(tf.mul(q, keyAt(k, j))), scale); // [B, nq, H, 1]
    const mask = queryPositions.map((i) => (j > i ? MASKED : 0));
    return mask.some((x) => x !== 0) ? tf.add(s, tf.tensor(mask, [1, nq, 1, 1])) : s;
  });
  // Softmax over the three keys, max-subtracted.
  const max = tf.maximum(tf.maximum(scores[0], scores[1]), scores[2]);
  const exps = scores.map((s) => tf.exp(tf.sub(s, max)));
  const denom = tf.add(tf.add(exps[0], exps[1]), exps[2]);
  const probs = exps.map((e) => tf.div(e, denom)); // each [B, nq, H, 1]
  const term = (j: number) => tf.mul(probs[j], keyAt(v, j)); // [B, nq, H, dh]
  const z = tf.add(tf.add(term(0), term(1)), term(2)) as tf.Tensor4D;
  const pattern = wantPattern ? (tf.concat(probs, 3).transpose([0, 2, 1, 3]) as tf.Tensor4D) : undefined;
  return { z, pattern };
}
