/**
 * Hand-derived gradients are opt-in per architecture and must equal autograd's gradients of the architecture's loss:
 * every registered architecture that has them is checked here, so a loss term added to `loss` but not to
 * `seedGradients` fails this test instead of being skipped on wasm/cpu. Extra loss terms (architecture.ts `LossTerm`)
 * are known to no hand path: a group with any steps with autograd.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { getArchitecture } from '../../../src/core/sae/architectures.ts';
import { type SaeParams, saeForward } from '../../../src/core/sae/model.ts';
import { SaeTrainer } from '../../../src/core/sae/trainer.ts';
import { saeArchitectureList } from '../../../src/core/spec/sae.ts';
import * as tf from '../../../src/core/tf.ts';
import { useBackend } from '../../helpers/backend.ts';
import { plantedData, smallSpec } from './synthetic.ts';

function randomSae(d: number, n: number, seed: number, threshold: boolean): SaeParams {
  const rng = new Rng(seed);
  const Wdec = tf.tensor(rng.normals(n * d), [1, n, d]);
  const unit = tf.div(Wdec, tf.norm(Wdec, 'euclidean', 2, true));
  return {
    Wenc: tf.variable(tf.transpose(unit, [0, 2, 1]).mul(tf.tensor(rng.normals(d * n), [1, d, n]).mul(0.3).add(1))),
    benc: tf.variable(tf.tensor(rng.normals(n), [1, 1, n]).mul(0.1)),
    Wdec: tf.variable(unit),
    bdec: tf.variable(tf.tensor(rng.normals(d), [1, 1, d]).mul(0.2)),
    ...(threshold ? { threshold: tf.variable(tf.tensor(rng.normals(n), [1, 1, n]).abs().mul(0.3)) } : {}),
  };
}

describe('hand-derived gradients of every registered architecture', () => {
  const withHand = saeArchitectureList.map((a) => getArchitecture(a.name)).filter((a) => a.seedGradients);

  it('exist only where tested here (TopK today)', () => {
    expect(withHand.map((a) => a.name)).toEqual(['topk']);
  });

  for (const arch of withHand) {
    for (const auxK of ['on', 'off'] as const) {
      it(`${arch.name}, AuxK ${auxK}: equal autograd's gradients of its loss (wasm)`, async () => {
        await useBackend('wasm');
        const d = 6, n = 20, B = 17;
        const spec = smallSpec({ architecture: arch.name, k: 4, kAux: 5, auxKCoef: 0.5, auxK, l0Coef: 0.1, bandwidth: 0.5 });
        const params = randomSae(d, n, 1, !!arch.threshold);
        const vars = [params.Wenc, params.benc, params.Wdec, params.bdec, ...(params.threshold && arch.threshold?.trainable ? [params.threshold] : [])];
        const x = tf.tensor(new Rng(2).normals(B * d), [B, d]) as tf.Tensor2D;
        const deadMask = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
        const { grads } = tf.variableGrads(() => {
          const x3 = x.reshape([1, B, d]) as tf.Tensor3D;
          const fwd = saeForward(x3, params, (pre) => arch.activate(pre, spec, params.threshold), 'split');
          return arch.loss({ spec, x: x3, fwd, params, mode: 'split', dead: tf.tensor(deadMask, [1, 1, n]) as tf.Tensor3D, penalty: 0.1, varPerRow: 1.3 });
        }, vars);
        const every = Array.from({ length: n }, (_, i) => i);
        const hand = arch.seedGradients!({
          spec, x, params, varPerRow: 1.3,
          deadCandidates: { latents: tf.tensor1d(every, 'int32'), dead: tf.tensor2d([deadMask], [1, n]) },
        }).grads;
        expect(hand.length).toBe(vars.length);
        for (const [i, v] of vars.entries()) {
          const [a, b] = [await hand[i].data(), await grads[v.name].data()];
          let worst = 0;
          for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j] - b[j]) / (1 + Math.abs(b[j])));
          expect(worst, v.name).toBeLessThan(1e-5);
        }
      });
    }
  }
});

describe('extra loss terms', () => {
  it('are added to the architecture\'s loss and make a single-seed wasm group step with autograd, not the hand path', async () => {
    await useBackend('wasm');
    const data = plantedData({ d: 8, m: 12, rows: 128, active: 2, seed: 3 });
    const spec = smallSpec({ seeds: [5], batchSize: 64, epochs: 2 });
    // Pulls every encoder bias towards 1: a term TopK's hand gradients know nothing about.
    const term = (ctx: { params: SaeParams }) => tf.mul(tf.sum(tf.square(tf.sub(ctx.params.benc, 1))), 10) as tf.Scalar;
    const train = async (gradients: 'hand' | 'autograd', extraTerms = [term]) => {
      const trainer = new SaeTrainer(spec, data, { grouping: 'lockstep', matMul: 'split', gradients, extraTerms });
      while (trainer.stepCount < trainer.totalSteps) trainer.step();
      const [w] = await trainer.weights();
      trainer.dispose();
      return w.b_enc;
    };
    const hand = await train('hand');
    const auto = await train('autograd');
    const plain = await train('hand', []);
    const worst = (a: Float32Array, b: Float32Array) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));
    expect(worst(hand, auto)).toBeLessThan(1e-6);
    expect(worst(hand, plain)).toBeGreaterThan(1e-3); // the term acted
  });
});
