import * as tf from '../tf.ts';
import { type LatentFourier, latentFourier } from '../analysis/latentFourier.ts';
import { transpose2d } from '../linalg.ts';
import type { SaeSpec } from '../spec/sae.ts';
import { getArchitecture } from '../sae/architectures.ts';
import type { SaeWeights } from '../sae/init.ts';

/**
 * Every latent over the p × p input grid, as [n, p²] each (row = latent, column = input a·p + b), computed from the
 * exported weights: the pre-activation h = (x − b_dec) · W_enc + b_enc and the activation z = act(h) with the spec's
 * architecture as exported (a threshold for JumpReLU and BatchTopK). `acts` holds the p² rows of one position (row-major in (a, b)).
 */
export async function latentGrids(w: SaeWeights, spec: SaeSpec, acts: Float32Array, p: number): Promise<{ pre: Float32Array; z: Float32Array }> {
  const n = w.dSae;
  const [preT, zT] = tf.tidy(() => {
    const x = tf.tensor2d(acts, [p * p, w.dIn]);
    const pre = tf.add(tf.matMul(tf.sub(x, tf.tensor1d(w.b_dec)), tf.tensor2d(w.W_enc, [w.dIn, n])), tf.tensor1d(w.b_enc)); // [p², n]
    const threshold = w.threshold && tf.tensor3d(w.threshold, [1, 1, n]);
    const z = getArchitecture(spec.architecture).infer(pre.expandDims(0) as tf.Tensor3D, spec, threshold); // [1, p², n]
    return [transpose2d(pre as tf.Tensor2D), transpose2d(z.reshape([p * p, n]))]; // [n, p²] each
  });
  const pre = (await preT.data()) as Float32Array;
  const z = (await zT.data()) as Float32Array;
  tf.dispose([preT, zT]);
  return { pre, z };
}

/** The Fourier test of an SAE's latents (latentFourier.ts: judged on the pre-activation), with their activations. */
export async function saeLatentFourier(w: SaeWeights, spec: SaeSpec, acts: Float32Array, p: number): Promise<{ test: LatentFourier; z: Float32Array }> {
  const { pre, z } = await latentGrids(w, spec, acts, p);
  return { test: latentFourier(pre, z, w.dSae, p), z };
}

/** The rows of the answer position `=` when activations stack all three positions (else all rows). */
export function answerPositionRows(data: Float32Array, rows: number, cols: number, p: number): Float32Array {
  const n = p * p;
  return rows === 3 * n ? data.subarray(2 * n * cols, 3 * n * cols) : data.subarray(0, n * cols);
}
