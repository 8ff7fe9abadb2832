import * as tf from '../tf.ts';
import { transpose2d } from '../linalg.ts';
import type { SaeSpec } from '../spec/sae.ts';
import { getArchitecture } from '../sae/architectures.ts';
import type { SaeWeights } from '../sae/init.ts';

/**
 * Every latent's activation over the p × p input grid, as [n, p²] (row = latent, column = input a·p + b), computed
 * from the exported weights: z = act((x − b_dec) · W_enc + b_enc) with the spec's architecture. `acts` holds the
 * p² rows of one position (row-major in (a, b)).
 */
export async function latentGrid(w: SaeWeights, spec: SaeSpec, acts: Float32Array, p: number): Promise<Float32Array> {
  const n = w.dSae;
  const zT = tf.tidy(() => {
    const x = tf.tensor2d(acts, [p * p, w.dIn]);
    const pre = tf.add(tf.matMul(tf.sub(x, tf.tensor1d(w.b_dec)), tf.tensor2d(w.W_enc, [w.dIn, n])), tf.tensor1d(w.b_enc));
    const z = getArchitecture(spec.architecture).activate(pre.expandDims(0) as tf.Tensor3D, spec); // [1, p², n]
    return transpose2d(z.reshape([p * p, n])); // [n, p²]
  });
  const out = (await zT.data()) as Float32Array;
  zT.dispose();
  return out;
}

/** The rows of the answer position `=` when activations stack all three positions (else all rows). */
export function answerPositionRows(data: Float32Array, rows: number, cols: number, p: number): Float32Array {
  const n = p * p;
  return rows === 3 * n ? data.subarray(2 * n * cols, 3 * n * cols) : data.subarray(0, n * cols);
}
