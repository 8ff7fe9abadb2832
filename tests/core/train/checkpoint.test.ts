import { describe, expect, it } from 'vitest';
import { transformerPresets } from '../../../src/core/spec/transformer.ts';
import * as tf from '../../../src/core/tf.ts';
import { CheckpointError } from '../../../src/core/train/checkpoint.ts';
import { runTransformerTraining } from '../../../src/core/train/loop.ts';
import { type TransformerMetrics, TransformerTrainer } from '../../../src/core/train/transformerTrainer.ts';
import type { WeightMap } from '../../../src/core/transformer/weights.ts';
import { useBackend } from '../../helpers/backend.ts';

// Small enough for the cpu backend; warm-up and weight decay make the step count and the moments matter.
const spec = { ...transformerPresets.tiny, p: 11, dModel: 16, nHeads: 2, dMlp: 32, steps: 12, evalEvery: 3, warmupSteps: 5, seed: 3 };
const bits = (w: WeightMap) => Object.fromEntries(Object.entries(w).map(([k, v]) => [k, Array.from(new Uint32Array(v.data.buffer, v.data.byteOffset, v.data.length))]));

async function train(trainer: TransformerTrainer): Promise<TransformerMetrics[]> {
  const points: TransformerMetrics[] = [];
  await runTransformerTraining(trainer, (m) => points.push(m));
  return points;
}

describe('transformer checkpoints', () => {
  it('N/2 steps, checkpoint, a fresh trainer from it, N/2 more: the same weights and metrics as N steps straight', async () => {
    await useBackend('cpu');
    const straight = new TransformerTrainer(spec);
    const straightPoints = await train(straight);
    const straightWeights = await straight.model.weights();
    straight.dispose();

    const first = new TransformerTrainer({ ...spec, steps: 6 });
    const firstPoints = await train(first);
    // Stored checkpoints go through structured clone (IndexedDB, postMessage): so does this one.
    const saved = structuredClone(await first.checkpoint());
    first.dispose();
    expect(saved.step).toBe(6);

    const resumed = TransformerTrainer.fromCheckpoint(spec, saved);
    expect(resumed.stepCount).toBe(6);
    const resumedPoints = await train(resumed);
    expect([...firstPoints, ...resumedPoints]).toEqual(straightPoints);
    expect(bits(await resumed.model.weights())).toEqual(bits(straightWeights));
    resumed.dispose();
  });

  it('with the Grokfast filter on, the checkpoint carries its gradient EMA and resuming is bit-exact', async () => {
    await useBackend('cpu');
    const filtered = { ...spec, grokfastLambda: 2, grokfastAlpha: 0.9 };
    const straight = new TransformerTrainer(filtered);
    const straightPoints = await train(straight);
    const straightWeights = await straight.model.weights();
    straight.dispose();
    const first = new TransformerTrainer({ ...filtered, steps: 6 });
    const firstPoints = await train(first);
    const saved = structuredClone(await first.checkpoint());
    first.dispose();
    expect(saved.optimizers[0].ema).toHaveLength(saved.optimizers[0].m.length);
    const resumed = TransformerTrainer.fromCheckpoint(filtered, saved);
    const resumedPoints = await train(resumed);
    expect([...firstPoints, ...resumedPoints]).toEqual(straightPoints);
    expect(bits(await resumed.model.weights())).toEqual(bits(straightWeights));
    resumed.dispose();
    // The filter is part of the state: a plain trainer refuses it.
    expect(() => TransformerTrainer.fromCheckpoint(spec, saved)).toThrow(/Grokfast/);
  });

  it('resuming without the optimiser state would differ (the test can see the moments)', async () => {
    await useBackend('cpu');
    const first = new TransformerTrainer({ ...spec, steps: 6 });
    await train(first);
    const saved = await first.checkpoint();
    const straight = new TransformerTrainer(spec);
    await train(straight);
    const expected = bits(await straight.model.weights());
    straight.dispose();
    first.dispose();
    const weightsOnly = new TransformerTrainer(spec, saved.tensors); // fresh moments, step 0
    for (let i = 0; i < 6; i++) weightsOnly.step();
    expect(bits(await weightsOnly.model.weights())).not.toEqual(expected);
    weightsOnly.dispose();
  });

  it('refuses a checkpoint of another shape or kind, and leaks no tensors either way', async () => {
    await useBackend('cpu');
    const before = tf.memory().numTensors;
    const trainer = new TransformerTrainer({ ...spec, steps: 2 });
    await train(trainer);
    const saved = await trainer.checkpoint();
    trainer.dispose();
    expect(() => TransformerTrainer.fromCheckpoint({ ...spec, dModel: 20, nHeads: 2 }, saved)).toThrow(CheckpointError);
    expect(() => TransformerTrainer.fromCheckpoint(spec, { ...saved, kind: 'saes' })).toThrow(/saes run/);
    const badMoments = { ...saved, optimizers: [{ ...saved.optimizers[0], m: saved.optimizers[0].m.slice(1) }] };
    expect(() => TransformerTrainer.fromCheckpoint(spec, badMoments)).toThrow(/optimiser state/);
    const restored = TransformerTrainer.fromCheckpoint(spec, saved);
    await restored.checkpoint();
    restored.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
