import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import * as tf from '../../../src/core/tf.ts';
import { crossEntropy } from '../../../src/core/transformer/model.ts';
import { useBackend } from '../../helpers/backend.ts';

/** Mean cross-entropy and its gradient (softmax − onehot)/B in float64, each row shifted by its own max. */
function reference(logits: number[][], labels: number[]): { loss: number; grad: number[][] } {
  const B = logits.length;
  let loss = 0;
  const grad = logits.map((row, i) => {
    const max = Math.max(...row);
    const z = row.reduce((s, x) => s + Math.exp(x - max), 0);
    loss += Math.log(z) + max - row[labels[i]];
    return row.map((x, j) => (Math.exp(x - max) / z - (j === labels[i] ? 1 : 0)) / B);
  });
  return { loss: loss / B, grad };
}

describe('crossEntropy', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`matches a float64 reference, value and gradient, with logits far apart across rows (${backend})`, async () => {
      await useBackend(backend);
      const rng = new Rng(11);
      const B = 6, p = 7;
      // Rows at very different offsets, the last beyond float32's exp range (e^88.7): an unshifted softmax overflows,
      // and the first 300 below it (a shift shared by all rows would underflow it to log 0). One row is confidently
      // right, one confidently wrong by 40.
      const offsets = [-210, -15, 0, 15, 40, 92];
      const logits = offsets.map((o) => Array.from(rng.normals(p), (x) => x * 3 + o));
      const labels = [0, 3, 6, 2, 5, 1];
      logits[1][3] += 30;
      logits[4][0] += 40;
      const want = reference(logits, labels);
      const x = tf.tensor2d(logits);
      const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), p).toFloat() as tf.Tensor2D;
      const { value, grad } = tf.valueAndGrad((l: tf.Tensor) => crossEntropy(l as tf.Tensor2D, oneHot))(x);
      expect((await value.data())[0]).toBeCloseTo(want.loss, 4);
      const g = await grad.data();
      want.grad.flat().forEach((w, k) => expect(g[k]).toBeCloseTo(w, 6));
      tf.dispose([x, oneHot, value, grad]);
    });
  }
});
