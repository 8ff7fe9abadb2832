/**
 * What the Fourier section reads from a transformer (fourierSnapshot.ts computes on it): the embedding, the last
 * block's MLP neurons and attention at '=', and the logits, over all p² inputs in chunks. The worker's fourierRun.ts
 * decides when to read.
 */
import * as tf from '../tf.ts';
import type { TransformerTrainer } from '../train/transformerTrainer.ts';
import type { Cache } from '../transformer/model.ts';
import type { ModelReadout } from './fourierSnapshot.ts';

/** Inputs per forward pass: bounds the hook tensors ([chunk, 3, d_mlp] and the attention intermediates). */
const CHUNK = 2048;

/**
 * Enqueues the forward passes at once (the model cannot change under them: a training step enqueued later runs
 * after them on every backend) and resolves with the arrays once read. Every tensor it makes is freed before it
 * resolves or rejects.
 */
export function readModel(trainer: TransformerTrainer, chunk = CHUNK): Promise<ModelReadout> {
  const { spec, dataset, model } = trainer;
  const { p, dModel, dMlp, nHeads } = spec;
  const layer = spec.nLayers - 1;
  const P = p * p;
  const postName = `blocks.${layer}.mlp.hook_post`;
  const patternName = `blocks.${layer}.attn.hook_pattern`;
  const want = new Set([postName, patternName]);
  const step = trainer.stepCount;
  const WE = tf.clone(model.params.WE); // [p + 1, d_model], holds this step's values after later updates
  const chunks: { start: number; n: number; tensors: tf.Tensor[] }[] = [];
  for (let start = 0; start < P; start += chunk) {
    const n = Math.min(chunk, P - start);
    const tensors = tf.tidy(() => {
      const tokens = tf.tensor2d(dataset.allTokens.subarray(start * 3, (start + n) * 3), [n, 3], 'int32');
      const cache: Cache = new Map();
      const logits = model.forward(tokens, want, cache); // [n, p]
      const post = cache.get(postName)!; // [n, 3, d_mlp]
      const pattern = cache.get(patternName)!; // [n, H, 3, 3]
      const out = [
        logits,
        post.slice([0, 2, 0], [n, 1, dMlp]).reshape([n, dMlp]), // [n, d_mlp] at '='
        pattern.slice([0, 0, 2, 0], [n, nHeads, 1, 3]).reshape([n, nHeads, 3]), // [n, H, 3] from '='
      ];
      cache.forEach((t) => t.dispose()); // the model keeps hook tensors out of tidy: free them here
      return out;
    });
    chunks.push({ start, n, tensors });
  }
  const all = [WE, ...chunks.flatMap((c) => c.tensors)];
  const reads = all.map((t) => t.data() as Promise<Float32Array>); // issued now, in enqueue order
  return Promise.all(reads).then(
    ([we, ...parts]) => {
      tf.dispose(all);
      const logits = new Float32Array(P * p);
      const mlp = new Float32Array(P * dMlp);
      const pattern = new Float32Array(P * nHeads * 3);
      chunks.forEach(({ start }, i) => {
        logits.set(parts[3 * i], start * p);
        mlp.set(parts[3 * i + 1], start * dMlp);
        pattern.set(parts[3 * i + 2], start * nHeads * 3);
      });
      const { trainIdx, testIdx } = dataset;
      return { step, p, dModel, dMlp, nHeads, layer, WE: we, mlp, pattern, logits, trainIdx, testIdx };
    },
    (e: unknown) => {
      tf.dispose(all);
      throw e;
    },
  );
}
