import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingSpectrum } from '../../../src/core/analysis/fourier.ts';
import { checkKeyFrequencies, neuronClusters, unitSpectra } from '../../../src/core/analysis/fourierUnits.ts';
import { excludedLoss, restrictedLoss } from '../../../src/core/analysis/progressMeasures.ts';
import { transformerPresets } from '../../../src/core/spec/transformer.ts';
import { TransformerTrainer } from '../../../src/core/train/transformerTrainer.ts';
import * as tf from '../../../src/core/tf.ts';
import { useBackend } from '../../helpers/backend.ts';

/** Embedding, last-position MLP activations [p², d_mlp] and logits [p², p] over every input. */
async function readModel(trainer: TransformerTrainer) {
  const { p, dModel } = trainer.spec;
  const tokens = tf.tensor2d(trainer.dataset.allTokens, [p * p, 3], 'int32');
  const cache = new Map<string, tf.Tensor>();
  const logits = trainer.model.forward(tokens, new Set(['blocks.0.mlp.hook_post']), cache);
  const post = cache.get('blocks.0.mlp.hook_post')!; // [p², 3, d_mlp]
  const lastPosition = tf.tidy(() => post.slice([0, 2, 0], [p * p, 1, -1]).reshape([p * p, -1]));
  const out = {
    WE: (await trainer.model.params.WE.data()) as Float32Array, // [p+1, d_model]
    mlp: (await lastPosition.data()) as Float32Array,
    logits: (await logits.data()) as Float32Array,
    dModel,
  };
  tf.dispose([tokens, logits, post, lastPosition]);
  return out;
}

// The `tiny` preset (p = 23) groks at ~450 steps; 700 steps take ~8 s on wasm.
describe('Fourier analysis of a trained tiny transformer', () => {
  const spec = { ...transformerPresets.tiny, steps: 700 };
  let trainer: TransformerTrainer;
  let before: Awaited<ReturnType<typeof readModel>>;
  let after: Awaited<ReturnType<typeof readModel>>;

  beforeAll(async () => {
    await useBackend('wasm');
    trainer = new TransformerTrainer(spec);
    before = await readModel(trainer);
    while (trainer.stepCount < spec.steps) trainer.step();
    expect((await trainer.evaluate()).testAcc).toBeGreaterThan(0.95);
    after = await readModel(trainer);
  });

  afterAll(() => trainer?.dispose());

  it('finds no key frequency at initialisation and a few holding most of W_E after grokking', () => {
    expect(embeddingSpectrum(before.WE, spec.p, spec.dModel).keyFrequencies).toEqual([]);
    const grokked = embeddingSpectrum(after.WE, spec.p, spec.dModel);
    expect(grokked.keyFrequencies.length).toBeGreaterThanOrEqual(1);
    expect(grokked.keyFrequencies.length).toBeLessThanOrEqual(4);
    expect(grokked.keyFraction).toBeGreaterThan(0.7);
  });

  it('groups MLP neurons into key-frequency clusters and separates restricted from excluded loss', () => {
    const keys = embeddingSpectrum(after.WE, spec.p, spec.dModel).keyFrequencies;
    const { clusters } = neuronClusters(unitSpectra(after.mlp, spec.dMlp, spec.p, true));
    // Every frequency the neurons cluster on is a key frequency of the embedding (here 11 with ~70 neurons; the
    // embedding's second key frequency 8 has no cluster of its own at this step, which the check reports).
    const check = checkKeyFrequencies(keys, clusters, spec.dMlp);
    expect(check.neuronFrequencies.length).toBeGreaterThanOrEqual(1);
    expect(check.onlyNeurons).toEqual([]);
    const onKey = clusters.filter((c) => keys.includes(c.frequency)).reduce((s, c) => s + c.units.length, 0);
    expect(onKey).toBeGreaterThan(spec.dMlp / 3);
    expect(neuronClusters(unitSpectra(before.mlp, spec.dMlp, spec.p, true)).clusters).toEqual([]);
    const train = trainer.dataset.trainIdx;
    expect(restrictedLoss(after.logits, spec.p, keys, train)).toBeLessThan(0.5);
    expect(excludedLoss(after.logits, spec.p, keys, train)).toBeGreaterThan(2);
  });
});
