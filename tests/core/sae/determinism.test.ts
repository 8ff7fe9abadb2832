import { describe, expect, it } from 'vitest';
import { DataOrder, initialSaeWeights } from '../../../src/core/sae/init.ts';
import { SaeTrainer } from '../../../src/core/sae/trainer.ts';
import { useBackend } from '../../helpers/backend.ts';
import { plantedData, smallSpec } from './synthetic.ts';

const data = plantedData({ d: 8, m: 12, rows: 300, active: 2, seed: 5, offset: 1 });
const same = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('SAE seeds', () => {
  it('the same seed gives bit-identical initial weights on cpu and wasm', async () => {
    const initial = async (backend: 'cpu' | 'wasm') => {
      await useBackend(backend);
      const trainer = new SaeTrainer(smallSpec({ seeds: [42, 123] }), data);
      const ws = await trainer.weights();
      trainer.dispose();
      return ws;
    };
    const [cpu, wasm] = [await initial('cpu'), await initial('wasm')];
    for (let s = 0; s < 2; s++) {
      for (const name of ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const) expect(same(cpu[s][name], wasm[s][name])).toBe(true);
    }
    expect(same(cpu[0].W_dec, cpu[1].W_dec)).toBe(false);
  });

  it('initial weights: decoder rows of the architecture\'s norm, W_enc = W_dec^T, b_enc = 0, b_dec = mean', () => {
    const mean = Float32Array.from([1, 2, 3]);
    const w = initialSaeWeights(9, 3, 4, 0.1, mean);
    for (let i = 0; i < 4; i++) {
      expect(Math.hypot(...w.W_dec.subarray(i * 3, i * 3 + 3))).toBeCloseTo(0.1, 6);
      for (let j = 0; j < 3; j++) expect(w.W_enc[j * 4 + i]).toBe(w.W_dec[i * 3 + j]);
    }
    expect(Array.from(w.b_enc)).toEqual([0, 0, 0, 0]);
    expect(Array.from(w.b_dec)).toEqual([1, 2, 3]);
    expect(same(initialSaeWeights(9, 3, 4, 0.1, mean).W_dec, w.W_dec)).toBe(true);
    expect(same(initialSaeWeights(10, 3, 4, 0.1, mean).W_dec, w.W_dec)).toBe(false);
  });

  it('each seed visits the rows in its own order, a fresh permutation each epoch', () => {
    const [a, a2, b] = [new DataOrder(42, 50), new DataOrder(42, 50), new DataOrder(123, 50)];
    const a0 = Array.from(a.permutation(0));
    expect([...a0].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(a2.permutation(0))).toEqual(a0);
    expect(Array.from(b.permutation(0))).not.toEqual(a0);
    expect(Array.from(a.permutation(1))).not.toEqual(a0);
    expect(Array.from(a.permutation(1))).toEqual(Array.from(a2.permutation(1)));
  });

  it('a trainer feeds each seed its own batches; an epoch covers every row once', async () => {
    await useBackend('cpu');
    const trainer = new SaeTrainer(smallSpec({ seeds: [1, 2], batchSize: 64 }), data);
    expect(trainer.stepsPerEpoch).toBe(5); // ceil(300 / 64): the last batch has 44 rows
    const epoch = (s: number) => Array.from({ length: 5 }, (_, t) => Array.from(trainer.batchRows(s, t))).flat();
    expect(trainer.batchRows(0, 4).length).toBe(44);
    expect(new Set(epoch(0)).size).toBe(300);
    expect(epoch(0)).not.toEqual(epoch(1));
    trainer.dispose();
  });

  it('batched and lockstep seeds train the same SAEs', async () => {
    await useBackend('wasm');
    const run = async (grouping: 'batched' | 'lockstep', matMul: 'batched' | 'split') => {
      const trainer = new SaeTrainer(smallSpec({ seeds: [3, 4, 5], epochs: 1, batchSize: 50 }), data, { grouping, matMul });
      for (let i = 0; i < 6; i++) trainer.step();
      const m = await trainer.evaluate();
      trainer.dispose();
      return m.seeds.map((s) => s.fvu);
    };
    const reference = await run('lockstep', 'split');
    for (const [g, mm] of [['batched', 'split'], ['batched', 'batched']] as const) {
      (await run(g, mm)).forEach((fvu, s) => expect(fvu).toBeCloseTo(reference[s], 4));
    }
    expect(new Set(reference.map((f) => f.toFixed(4))).size).toBe(3); // seeds really differ
  });
});
