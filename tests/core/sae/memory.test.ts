import { describe, expect, it } from 'vitest';
import { SaeTrainer } from '../../../src/core/sae/trainer.ts';
import * as tf from '../../../src/core/tf.ts';
import { useBackend } from '../../helpers/backend.ts';
import { plantedData, smallSpec } from './synthetic.ts';

describe('SAE training keeps tensor memory flat', () => {
  const data = plantedData({ d: 8, m: 12, rows: 200, active: 2, seed: 6 });
  for (const architecture of ['topk', 'relu'] as const) {
    for (const grouping of ['batched', 'lockstep'] as const) {
      it(`${architecture}, ${grouping}: steps, evaluations and weight reads leave no tensors behind`, async () => {
        await useBackend('wasm');
        const before = tf.memory().numTensors;
        const spec = smallSpec({ architecture, seeds: [1, 2], batchSize: 32, deadWindow: 0.1 });
        const trainer = new SaeTrainer(spec, data, { grouping });
        trainer.step();
        await trainer.evaluate();
        const held = tf.memory().numTensors;
        for (let i = 0; i < 10; i++) trainer.step(); // crosses an epoch; AuxK becomes active
        await trainer.evaluate();
        await trainer.weights();
        expect(tf.memory().numTensors).toBe(held);
        trainer.dispose();
        expect(tf.memory().numTensors).toBe(before);
      });
    }
  }
});
