import { describe, expect, it } from 'vitest';
import { SaeTrainer } from '../../../src/core/sae/trainer.ts';
import { useBackend } from '../../helpers/backend.ts';
import { matchedCosine, plantedData, smallSpec } from './synthetic.ts';

/**
 * Ground-truth recovery: rows are sparse non-negative mixes (3 of 32) of planted unit directions in R^16. A working
 * SAE finds every direction among its decoder rows. A random 64-row dictionary scores ~0.5 on this measure.
 */
describe('SAEs recover a planted sparse dictionary', () => {
  const d = 16;
  const truth = plantedData({ d, m: 32, rows: 2048, active: 3, seed: 1, offset: 0.3 });

  for (const [arch, over] of [
    ['topk', { architecture: 'topk', k: 3, epochs: 60 }],
    ['relu', { architecture: 'relu', l1: 1 }],
  ] as const) {
    it(`${arch}: one-to-one mean cosine with the ground truth ≥ 0.9`, async () => {
      await useBackend('wasm');
      const trainer = new SaeTrainer(smallSpec({ ...over, seeds: [7] }), truth);
      const before = matchedCosine(truth.dictionary, truth.m, (await trainer.weights())[0].W_dec, trainer.nLatents, d);
      while (trainer.stepCount < trainer.totalSteps) trainer.step();
      const after = matchedCosine(truth.dictionary, truth.m, (await trainer.weights())[0].W_dec, trainer.nLatents, d);
      trainer.dispose();
      expect(before).toBeLessThan(0.75); // the initial dictionary does not already match
      expect(after).toBeGreaterThanOrEqual(0.9);
    });
  }
});
