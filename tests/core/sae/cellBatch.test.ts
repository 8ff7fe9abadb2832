import { describe, expect, it } from 'vitest';
import { batchSaeSpecs, runMetrics, runSlice, saeBatchKey } from '../../../src/core/sae/cellBatch.ts';
import type { SaeWeights } from '../../../src/core/sae/init.ts';
import type { SaeMetrics } from '../../../src/core/sae/metrics.ts';
import { type SaeTrainerOptions, SaeTrainer } from '../../../src/core/sae/trainer.ts';
import type { SaeSpec } from '../../../src/core/spec/sae.ts';
import * as tf from '../../../src/core/tf.ts';
import { useBackend } from '../../helpers/backend.ts';
import { plantedData, smallSpec } from './synthetic.ts';

const data = plantedData({ d: 8, m: 12, rows: 96, active: 2, seed: 7 });
const names = ['W_enc', 'b_enc', 'W_dec', 'b_dec', 'threshold'] as const;
const bitsEqual = (a: Float32Array | undefined, b: Float32Array | undefined) =>
  a === b || (!!a && !!b && a.length === b.length && a.every((v, i) => Object.is(v, b[i])));

/** Trains to the end, evaluating after the last step; returns the final metrics and weights. */
async function train(spec: SaeSpec, options: SaeTrainerOptions): Promise<{ metrics: SaeMetrics; weights: SaeWeights[]; trainer: SaeTrainer }> {
  const trainer = new SaeTrainer(spec, data, options);
  for (let t = 0; t < trainer.totalSteps; t++) trainer.step();
  const metrics = await trainer.evaluate();
  const weights = await trainer.weights();
  return { metrics, weights, trainer };
}

/** Two cells that differ in lr and the architecture's sparsity coefficient or k (and seeds), 2 seeds each. */
function cells(architecture: 'relu' | 'jumprelu' | 'topk' | 'batchtopk'): SaeSpec[] {
  const base = { architecture, batchSize: 32, epochs: 2, deadWindow: 0.5 } as const;
  const coef = (v: number) => (architecture === 'relu' ? { l1: v } : architecture === 'jumprelu' ? { l0Coef: v / 4 } : { k: v + 1 });
  return [smallSpec({ ...base, seeds: [1, 2], lr: 1e-3, ...coef(1) }), smallSpec({ ...base, seeds: [3, 1], lr: 3e-3, ...coef(3) })];
}

describe('sweep cells trained as one batch', () => {
  it('groups only what a unit can hold: seeds, lr and the architecture\'s own sparsity coefficient', () => {
    const relu = smallSpec({ architecture: 'relu', l1: 1 });
    expect(saeBatchKey({ ...relu, seeds: [9], lr: 0.01, l1: 5 })).toBe(saeBatchKey(relu));
    expect(saeBatchKey({ ...relu, expansion: relu.expansion * 2 })).not.toBe(saeBatchKey(relu));
    expect(saeBatchKey({ ...relu, epochs: relu.epochs + 1 })).not.toBe(saeBatchKey(relu));
    const topk = smallSpec({ architecture: 'topk' });
    expect(saeBatchKey({ ...topk, l1: 5 })).not.toBe(saeBatchKey(topk)); // TopK has no penalty: l1 is not per unit
    expect(saeBatchKey({ ...topk, k: 7 })).toBe(saeBatchKey(topk)); // k is: a unit of another k is another group
    expect(saeBatchKey({ ...relu, k: 7 })).not.toBe(saeBatchKey(relu)); // ReLU has no k to hold per unit
    expect(batchSaeSpecs(cells('topk')).units.map((u) => u.k)).toEqual([2, 2, 4, 4]);
    expect(() => batchSaeSpecs([relu, { ...relu, layer: relu.layer + 1 }])).toThrow(/differ/);
    const batch = batchSaeSpecs(cells('relu'));
    expect(batch.spec.seeds).toEqual([1, 2, 3, 1]);
    expect(batch.units.map((u) => [u.lr, u.penaltyCoef])).toEqual([[1e-3, 1], [1e-3, 1], [3e-3, 3], [3e-3, 3]]);
    expect(runSlice(batch, 1, ['a', 'b', 'c', 'd'])).toEqual(['c', 'd']);
  });

  for (const architecture of ['relu', 'jumprelu', 'topk', 'batchtopk'] as const) {
    for (const grouping of ['lockstep', 'batched'] as const) {
      // Bit-identical: every unit's arithmetic is its own (per-seed products, per-seed sums and clipping, and a
      // per-unit rate or coefficient multiplies the same float32 values a scalar would), on the cpu backend.
      it(`${architecture}, ${grouping}: each cell's weights and metrics are bit for bit those of the cell alone`, async () => {
        await useBackend('cpu');
        const specs = cells(architecture);
        const options: SaeTrainerOptions = { grouping, matMul: grouping === 'batched' ? 'batched' : 'split' };
        const batch = batchSaeSpecs(specs);
        const together = await train(batch.spec, { ...options, units: batch.units });
        for (let c = 0; c < specs.length; c++) {
          const alone = await train(specs[c], options);
          const mine = runMetrics(batch, c, together.metrics, (t, u) => together.trainer.penaltyAt(t, u));
          expect(mine).toEqual(alone.metrics);
          runSlice(batch, c, together.weights).forEach((w, s) => {
            for (const name of names) expect(bitsEqual(w[name], alone.weights[s][name]), `seed ${s} ${name}`).toBe(true);
          });
          alone.trainer.dispose();
        }
        together.trainer.dispose();
      });
    }
  }

  it('a batch with its own rates and coefficients keeps the tensor count flat across steps', async () => {
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    const batch = batchSaeSpecs(cells('relu'));
    const trainer = new SaeTrainer(batch.spec, data, { grouping: 'batched', matMul: 'batched', units: batch.units });
    trainer.step();
    await trainer.evaluate();
    const held = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) trainer.step();
    await trainer.evaluate();
    expect(tf.memory().numTensors).toBe(held);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
