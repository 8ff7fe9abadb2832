import { beforeAll, describe, expect, it } from 'vitest';
import { decodeTransformer, encodeTransformer, transformerConfig } from '../../../src/core/io/transformerFiles.ts';
import { transformerPresets } from '../../../src/core/spec/transformer.ts';
import * as tf from '../../../src/core/tf.ts';
import { GROK_ACCURACY, RunControl, runTransformerTraining } from '../../../src/core/train/loop.ts';
import { TransformerTrainer } from '../../../src/core/train/transformerTrainer.ts';
import { useBackend } from '../../helpers/backend.ts';

describe('the tiny preset (wasm backend)', () => {
  beforeAll(() => useBackend('wasm'));

  it('groks, with a flat tensor count, and its safetensors export reloads to the same weights and accuracy', async () => {
    const spec = transformerPresets.tiny;
    const trainer = new TransformerTrainer(spec);
    const control = new RunControl();
    const counts: number[] = [];
    let grokkedAt: number | null = null;
    await runTransformerTraining(trainer, (m) => {
      counts.push(tf.memory().numTensors);
      if (grokkedAt === null && m.testAcc >= GROK_ACCURACY) grokkedAt = m.step;
      // Stop a little after grokking: the full schedule is not needed to prove it.
      if (grokkedAt !== null && m.step >= grokkedAt + 50) control.stop();
    }, control);
    expect(grokkedAt, 'test accuracy never reached 0.99').not.toBeNull();
    expect(new Set(counts.slice(1)).size, `tensor counts ${[...new Set(counts)]}`).toBe(1);

    const before = await trainer.evaluate();
    expect(before.testAcc).toBeGreaterThanOrEqual(GROK_ACCURACY);
    const weights = await trainer.model.weights();
    const bytes = encodeTransformer(spec, weights);
    const config = JSON.parse(JSON.stringify(transformerConfig(spec)));
    const loaded = decodeTransformer(config, bytes);
    expect(loaded.spec).toEqual(spec);
    for (const [name, w] of Object.entries(weights)) {
      expect(loaded.weights[name].shape, name).toEqual(w.shape);
      expect(Array.from(loaded.weights[name].data), name).toEqual(Array.from(w.data));
    }
    const reloaded = new TransformerTrainer(loaded.spec, loaded.weights);
    const after = await reloaded.evaluate();
    expect(after.testAcc).toBe(before.testAcc);
    expect(after.trainAcc).toBe(before.trainAcc);
    expect(after.testLoss).toBeCloseTo(before.testLoss, 6);
    trainer.dispose();
    reloaded.dispose();
  });

  it('pause holds the step count until resume; stop ends the run early', async () => {
    const trainer = new TransformerTrainer({ ...transformerPresets.tiny, steps: 200 });
    const control = new RunControl();
    let pausedAt = -1;
    const done = runTransformerTraining(trainer, (m) => {
      if (m.step === 20 && pausedAt < 0) {
        control.pause();
        pausedAt = m.step;
      }
    }, control);
    while (!control.paused) await new Promise((r) => setTimeout(r, 10));
    const held = trainer.stepCount;
    expect(held).toBe(pausedAt);
    await new Promise((r) => setTimeout(r, 300));
    expect(trainer.stepCount).toBe(held);
    control.resume();
    await new Promise((r) => setTimeout(r, 50));
    control.stop();
    const summary = await done;
    expect(summary.stopped).toBe(true);
    expect(summary.steps).toBeGreaterThan(20);
    expect(summary.steps).toBeLessThan(200);
    trainer.dispose();
  });
});
