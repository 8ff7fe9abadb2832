import { describe, expect, it } from 'vitest';
import { getArchitecture } from '../../../src/core/sae/architectures.ts';
import type { SaeParams } from '../../../src/core/sae/model.ts';
import { SaeTrainer } from '../../../src/core/sae/trainer.ts';
import { Rng } from '../../../src/core/rng.ts';
import * as tf from '../../../src/core/tf.ts';
import { useBackend } from '../../helpers/backend.ts';
import { plantedData, smallSpec } from './synthetic.ts';

function rowNorms(W: Float32Array, n: number, d: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.hypot(...W.subarray(i * d, (i + 1) * d)));
}

describe('TopK SAE training rules (Gao et al. 2024)', () => {
  const d = 16;
  const data = plantedData({ d, m: 32, rows: 1024, active: 3, seed: 2 });

  it('decoder rows have unit norm at the start and after every step', async () => {
    await useBackend('wasm');
    const trainer = new SaeTrainer(smallSpec({ seeds: [1, 2] }), data);
    for (let step = 0; step <= 5; step++) {
      if (step > 0) trainer.step();
      for (const w of await trainer.weights()) {
        for (const norm of rowNorms(w.W_dec, w.dSae, d)) expect(Math.abs(norm - 1)).toBeLessThan(1e-5);
      }
    }
    trainer.dispose();
  });

  it('the decoder gradient loses its component along each decoder row before the step', async () => {
    await useBackend('cpu');
    const S = 2, n = 5;
    const rng = new Rng(3);
    const W = tf.tensor(rng.normals(S * n * d), [S, n, d]);
    const unit = tf.div(W, tf.norm(W, 'euclidean', 2, true));
    const params = { Wdec: unit } as unknown as SaeParams;
    const g = tf.tensor(rng.normals(S * n * d), [S, n, d]);
    const [, , adjusted] = getArchitecture('topk').adjustGradients(params, [g, g, g, g]);
    const along = await tf.sum(tf.mul(adjusted, unit), 2).data(); // [S, n]
    for (const v of along) expect(Math.abs(v)).toBeLessThan(1e-5);
    // The orthogonal part is untouched: adjusted + (g·w) w = g.
    const restored = tf.add(adjusted, tf.mul(tf.sum(tf.mul(g, unit), 2, true), unit));
    const diff = await tf.max(tf.abs(tf.sub(restored, g))).data();
    expect(diff[0]).toBeLessThan(1e-5);
  });

  it('AuxK revives latents that stay dead without it', async () => {
    await useBackend('wasm');
    // Half the latents start with encoders 100x too small: they never reach the top k, so the main loss never
    // trains them. Only AuxK (which trains dead latents on the residual) can bring them back.
    const shrink = (w: { W_enc: Float32Array; dSae: number }) => {
      for (let i = 0; i < w.dSae / 2; i++) for (let j = 0; j < d; j++) w.W_enc[j * w.dSae + i] *= 0.01;
    };
    const deadAfter = async (auxK: 'on' | 'off') => {
      const trainer = new SaeTrainer(smallSpec({ auxK, epochs: 12, deadWindow: 0.5, seeds: [4] }), data, { editInit: shrink });
      const start = (await trainer.evaluate()).seeds[0].deadFraction;
      while (trainer.stepCount < trainer.totalSteps) trainer.step();
      const end = (await trainer.evaluate()).seeds[0];
      trainer.dispose();
      return { start, end: end.deadFraction, fvu: end.fvu };
    };
    const off = await deadAfter('off');
    const on = await deadAfter('on');
    expect(off.start).toBe(0.5);
    expect(on.start).toBe(0.5);
    expect(off.end).toBe(0.5);
    expect(on.end).toBeLessThan(0.2);
    expect(on.fvu).toBeLessThan(off.fvu);
  });
});
