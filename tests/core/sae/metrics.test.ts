import { describe, expect, it } from 'vitest';
import { saeLensConfig } from '../../../src/core/sae/export.ts';
import { firingHistogram } from '../../../src/core/sae/metrics.ts';
import { SaeTrainer } from '../../../src/core/sae/trainer.ts';
import { useBackend } from '../../helpers/backend.ts';
import { referenceMetrics } from './reference.ts';
import { plantedData, smallSpec } from './synthetic.ts';

/** Raw activations far from the unit scale and off-centre, so that the trainer's normalisation must fold back. */
function rawData() {
  const p = plantedData({ d: 12, m: 24, rows: 600, active: 3, seed: 3 });
  return { ...p, data: p.data.map((v, i) => 7 * v + (i % 12 === 0 ? 5 : -2)) };
}

describe('SAE metrics match a recomputation from the exported weights', () => {
  for (const arch of ['topk', 'relu'] as const) {
    it(`${arch}: FVU, MSE, L0, dead fraction and firing histogram`, async () => {
      await useBackend('wasm');
      const acts = rawData();
      const k = arch === 'topk' ? 4 : null;
      const trainer = new SaeTrainer(smallSpec({ architecture: arch, k: 4, l1: 1, epochs: 3, seeds: [5, 6] }), acts);
      for (let i = 0; i < 12; i++) trainer.step();
      const m = await trainer.evaluate();
      const ws = await trainer.weights();
      trainer.dispose();
      expect(trainer.scale).not.toBeCloseTo(1, 1);
      ws.forEach((w, s) => {
        const ref = referenceMetrics(w, acts.data, acts.rows, k);
        const got = m.seeds[s];
        expect(got.seed).toBe([5, 6][s]);
        expect(Math.abs(got.fvu - ref.fvu) / ref.fvu).toBeLessThan(1e-4);
        expect(got.explainedVariance).toBeCloseTo(1 - ref.fvu, 4);
        expect(Math.abs(got.mse - ref.mse) / ref.mse).toBeLessThan(1e-4);
        expect(got.l0).toBeCloseTo(ref.l0, 4);
        const dead = Array.from(ref.fires).filter((f) => f === 0).length;
        expect(got.deadFraction).toBeCloseTo(dead / w.dSae, 6);
        expect(got.firing).toEqual(firingHistogram(ref.fires, acts.rows));
        expect(ref.fvu).toBeGreaterThan(0.001); // not a trivial perfect fit
        expect(ref.fvu).toBeLessThan(1);
      });
    });
  }

  it('TopK: every input has exactly k active latents (L0 = k)', async () => {
    await useBackend('wasm');
    const acts = rawData();
    const trainer = new SaeTrainer(smallSpec({ architecture: 'topk', k: 5, epochs: 2 }), acts);
    for (let i = 0; i < 8; i++) trainer.step();
    const m = await trainer.evaluate();
    const [w] = await trainer.weights();
    trainer.dispose();
    expect(m.seeds[0].l0).toBe(5);
    expect(new Set(referenceMetrics(w, acts.data, acts.rows, 5).activePerRow)).toEqual(new Set([5]));
  });

  it('firingHistogram bins log10 rates in half decades and counts silent latents apart', () => {
    const h = firingHistogram([0, 1, 10, 100, 1000, 999, 0], 1000);
    expect(h.dead).toBe(2);
    expect(h.edges[0]).toBe(-6);
    expect(h.edges.at(-1)).toBe(0);
    const bin = (log10: number) => Math.floor((log10 + 6) * 2);
    const expected = new Array(12).fill(0);
    for (const c of [1, 10, 100, 999]) expected[bin(Math.log10(c / 1000))] += 1;
    expected[11] += 1; // rate 1 belongs to the last bin
    expect(h.counts).toEqual(expected);
  });
});

describe('SAELens export config', () => {
  it('names the architecture, k, hook and seed, and keeps the training spec', () => {
    const topk = saeLensConfig(smallSpec({ architecture: 'topk', k: 7, layer: 0, hook: 'hook_mlp_out' }), 42, 16, 64);
    expect(topk).toMatchObject({ d_in: 16, d_sae: 64, architecture: 'topk', k: 7, hook_name: 'blocks.0.hook_mlp_out', seed: 42, normalize_activations: 'none' });
    const relu = saeLensConfig(smallSpec({ architecture: 'relu', l1: 0.5 }), 1, 16, 64);
    expect(relu.architecture).toBe('standard');
    expect(relu.k).toBeUndefined();
    expect((relu.training as { l1: number }).l1).toBe(0.5);
  });
});
