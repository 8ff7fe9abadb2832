import { describe, expect, it } from 'vitest';
import type { SaeArchitectureName } from '../../../src/core/spec/sae.ts';
import type { SaeWeights } from '../../../src/core/sae/init.ts';
import { type SeedGrouping, SaeTrainer } from '../../../src/core/sae/trainer.ts';
import * as tf from '../../../src/core/tf.ts';
import { CheckpointError } from '../../../src/core/train/checkpoint.ts';
import { useBackend } from '../../helpers/backend.ts';
import { plantedData, smallSpec } from './synthetic.ts';

const data = plantedData({ d: 8, m: 12, rows: 200, active: 2, seed: 8, offset: 0.5 });
const bits = (ws: SaeWeights[]) => ws.map((w) => [w.W_enc, w.b_enc, w.W_dec, w.b_dec].map((a) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length))));

/** 28 steps over 4 epochs of 7 batches; a short dead window so AuxK and its counters act from the first epoch. */
// BatchTopK without AuxK: after a resume AuxK works on a fresh (exact) set of candidate columns where the straight
// run had a stale superset, equal up to float rounding only (TopK's hand path makes them exact).
const specFor = (architecture: SaeArchitectureName) => smallSpec({ architecture, seeds: [1, 2], batchSize: 32, epochs: 4, deadWindow: 0.2, auxK: architecture === 'batchtopk' ? 'off' : 'on' });

async function stepTo(trainer: SaeTrainer, t: number) {
  while (trainer.stepCount < t) trainer.step();
  return trainer.evaluate();
}

describe('SAE checkpoints', () => {
  for (const architecture of ['topk', 'relu', 'batchtopk', 'jumprelu'] as const) {
    for (const grouping of ['batched', 'lockstep'] as SeedGrouping[]) {
      it(`${architecture}, ${grouping}: resuming mid-epoch from a checkpoint trains the same SAEs as never stopping`, async () => {
        await useBackend('cpu');
        const spec = specFor(architecture);
        const straight = new SaeTrainer(spec, data, { grouping });
        expect(straight.totalSteps).toBe(28);
        const untrained = bits(await straight.weights());
        const straightMid = await stepTo(straight, 10);
        const straightEnd = await stepTo(straight, 28);
        const expected = bits(await straight.weights());
        straight.dispose();

        const first = new SaeTrainer(spec, data, { grouping });
        await stepTo(first, 10);
        const saved = structuredClone(await first.checkpoint());
        first.dispose();
        const resumed = new SaeTrainer(spec, data, { grouping }, saved);
        expect(resumed.stepCount).toBe(10);
        expect(bits(resumed.untrainedWeights())).toEqual(untrained); // the stability and features baselines
        expect(await resumed.evaluate()).toEqual(straightMid); // dead-latent counts come from the restored counters
        expect(await stepTo(resumed, 28)).toEqual(straightEnd);
        expect(bits(await resumed.weights())).toEqual(expected);
        resumed.dispose();
      });
    }
  }

  it('the resumed run uses the saved data-order generators and dead-latent counters (others change the result)', async () => {
    await useBackend('cpu');
    const spec = specFor('topk');
    const first = new SaeTrainer(spec, data);
    await stepTo(first, 10);
    const saved = await first.checkpoint();
    await stepTo(first, 20);
    const expected = bits(await first.weights());
    first.dispose();
    // The data order continues from the saved generator: the other seed's generator gives other batches.
    const swapped = { ...saved, rngs: [saved.rngs[1], saved.rngs[0]] };
    const wrongOrder = new SaeTrainer(spec, data, {}, swapped);
    await stepTo(wrongOrder, 20);
    expect(bits(await wrongOrder.weights())).not.toEqual(expected);
    wrongOrder.dispose();
    const noCounters = { ...saved, counters: { ...saved.counters, 'seed0.sinceFired': new Array(32).fill(0), 'seed1.sinceFired': new Array(32).fill(0) } };
    const forgetful = new SaeTrainer(spec, data, {}, noCounters);
    await stepTo(forgetful, 20);
    expect(bits(await forgetful.weights())).not.toEqual(expected);
    forgetful.dispose();
  });

  it('refuses a checkpoint taken on other activations or for other seeds, and leaks no tensors', async () => {
    await useBackend('cpu');
    const before = tf.memory().numTensors;
    const spec = specFor('topk');
    const trainer = new SaeTrainer(spec, data);
    await stepTo(trainer, 3);
    const saved = await trainer.checkpoint();
    trainer.dispose();
    const other = { ...data, data: data.data.map((v) => v * 2) };
    expect(() => new SaeTrainer(spec, other, {}, saved)).toThrow(/activations differ/);
    expect(() => new SaeTrainer({ ...spec, seeds: [1, 2, 3] }, data, {}, saved)).toThrow(CheckpointError);
    expect(() => new SaeTrainer({ ...spec, expansion: 2 }, data, {}, saved)).toThrow(CheckpointError);
    expect(tf.memory().numTensors).toBe(before);
  });
});

