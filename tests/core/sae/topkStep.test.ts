import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { getArchitecture } from '../../../src/core/sae/architectures.ts';
import { DeadCandidates } from '../../../src/core/sae/deadCandidates.ts';
import { type SaeParams, saeForward } from '../../../src/core/sae/model.ts';
import { SaeTrainer } from '../../../src/core/sae/trainer.ts';
import * as tf from '../../../src/core/tf.ts';
import { useBackend } from '../../helpers/backend.ts';
import { plantedData, smallSpec } from './synthetic.ts';

const topk = getArchitecture('topk');

/** Largest |a − b| / (1 + |b|) over all entries. */
async function worstDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [await a.data(), await b.data()];
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / (1 + Math.abs(y[i])));
  return worst;
}

/** One seed's random SAE: unit decoder rows, encoder near their transpose, small random biases. */
function randomSae(d: number, n: number, seed: number): SaeParams {
  const rng = new Rng(seed);
  const Wdec = tf.tensor(rng.normals(n * d), [1, n, d]);
  const unit = tf.div(Wdec, tf.norm(Wdec, 'euclidean', 2, true));
  return {
    Wenc: tf.variable(tf.transpose(unit, [0, 2, 1]).mul(tf.tensor(rng.normals(d * n), [1, d, n]).mul(0.3).add(1))),
    benc: tf.variable(tf.tensor(rng.normals(n), [1, 1, n]).mul(0.1)),
    Wdec: tf.variable(unit),
    bdec: tf.variable(tf.tensor(rng.normals(d), [1, 1, d]).mul(0.2)),
  };
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`TopK hand-derived gradients (${backend})`, () => {
    const d = 6, n = 20, B = 17;
    const spec = smallSpec({ architecture: 'topk', k: 4, kAux: 5, auxKCoef: 0.5 });

    it('equal autograd\'s gradients of the same loss, AuxK included, over any superset of the dead latents', async () => {
      await useBackend(backend);
      const params = randomSae(d, n, 1);
      const vars = [params.Wenc, params.benc, params.Wdec, params.bdec];
      const x = tf.tensor(new Rng(2).normals(B * d), [B, d]) as tf.Tensor2D;
      const deadIds = [1, 4, 5, 9, 13, 14, 18];
      const deadMask = Array.from({ length: n }, (_, i) => (deadIds.includes(i) ? 1 : 0));
      const dead = tf.tensor(deadMask, [1, 1, n]) as tf.Tensor3D;
      const varPerRow = 1.7;
      const { grads } = tf.variableGrads(() => {
        const x3 = x.reshape([1, B, d]) as tf.Tensor3D;
        const fwd = saeForward(x3, params, (pre) => topk.activate(pre, spec), 'split');
        return topk.loss({ spec, x: x3, fwd, params, mode: 'split', dead, penalty: 0, varPerRow });
      }, vars);
      const reference = vars.map((v) => grads[v.name]);
      const hand = (ids: number[] | null) => {
        const deadCandidates = ids && {
          latents: tf.tensor1d(ids, 'int32'),
          dead: tf.tensor2d([ids.map((i) => deadMask[i])], [1, ids.length]),
        };
        return topk.seedGradients!({ spec, x, params, varPerRow, deadCandidates }).grads;
      };
      const everyLatent = Array.from({ length: n }, (_, i) => i);
      for (const ids of [deadIds, everyLatent, [0, 1, 4, 5, 7, 9, 13, 14, 15, 18]]) {
        const g = hand(ids);
        for (let i = 0; i < 4; i++) expect(await worstDiff(g[i], reference[i])).toBeLessThan(1e-5);
      }
      // The check sees AuxK: without the dead latents, the encoder gradient is not autograd's.
      expect(await worstDiff(hand(null)[0], reference[0])).toBeGreaterThan(1e-3);
    });

    it('autograd\'s AuxK over candidate columns gives the full loss\'s gradients, two seeds, batched or split', async () => {
      await useBackend(backend);
      const [a, b] = [randomSae(d, n, 1), randomSae(d, n, 5)];
      const params: SaeParams = {
        Wenc: tf.variable(tf.concat([a.Wenc, b.Wenc])),
        benc: tf.variable(tf.concat([a.benc, b.benc])),
        Wdec: tf.variable(tf.concat([a.Wdec, b.Wdec])),
        bdec: tf.variable(tf.concat([a.bdec, b.bdec])),
      };
      const vars = [params.Wenc, params.benc, params.Wdec, params.bdec];
      const x = tf.tensor(new Rng(2).normals(2 * B * d), [2, B, d]) as tf.Tensor3D;
      const deadIds = [[1, 4, 9, 13], [4, 5, 18]];
      const dead = tf.tensor(deadIds.flatMap((ids) => Array.from({ length: n }, (_, i) => (ids.includes(i) ? 1 : 0))), [2, 1, n]) as tf.Tensor3D;
      const gradsWith = (mode: 'batched' | 'split', deadCandidates?: Int32Array) => {
        const { grads } = tf.variableGrads(() => {
          const fwd = saeForward(x, params, (pre) => topk.activate(pre, spec), mode);
          return topk.loss({ spec, x, fwd, params, mode, dead, penalty: 0, varPerRow: 1.7, deadCandidates });
        }, vars);
        return vars.map((v) => grads[v.name]);
      };
      for (const mode of ['batched', 'split'] as const) {
        const reference = gradsWith(mode);
        for (const ids of [[1, 4, 5, 9, 13, 18], [0, 1, 4, 5, 7, 9, 13, 15, 18, 19]]) {
          const g = gradsWith(mode, Int32Array.from(ids));
          for (let i = 0; i < 4; i++) expect(await worstDiff(g[i], reference[i])).toBeLessThan(1e-5);
        }
        // The check sees AuxK: leaving out a latent dead in seed 1 changes the encoder gradient.
        expect(await worstDiff(gradsWith(mode, Int32Array.from([1, 4, 9, 13, 18]))[0], reference[0])).toBeGreaterThan(1e-4);
      }
    });

    it('report which latents fired on some row of the batch', async () => {
      await useBackend(backend);
      const params = randomSae(d, n, 3);
      const x = tf.tensor(new Rng(4).normals(B * d), [B, d]) as tf.Tensor2D;
      const { fired } = topk.seedGradients!({ spec, x, params, varPerRow: 1, deadCandidates: null });
      const z = await topk.activate(saeForward(x.reshape([1, B, d]) as tf.Tensor3D, params, (p) => p, 'split').pre, spec).data();
      const expected = Array.from({ length: n }, (_, i) => (Array.from({ length: B }, (_, r) => z[r * n + i]).some((v) => v > 0) ? 1 : 0));
      expect(Array.from(await fired.data())).toEqual(expected);
      expect(expected.includes(0)).toBe(true);
    });
  });
}

describe('TopK training with hand-derived gradients', () => {
  it('trains the same SAE as autograd while AuxK trains planted dead latents', async () => {
    await useBackend('wasm');
    const d = 8;
    const data = plantedData({ d, m: 16, rows: 512, active: 2, seed: 3 });
    const shrink = (w: { W_enc: Float32Array; dSae: number }) => {
      for (let i = 0; i < w.dSae / 4; i++) for (let j = 0; j < d; j++) w.W_enc[j * w.dSae + i] *= 0.01;
    };
    const train = async (gradients: 'hand' | 'autograd') => {
      const spec = smallSpec({ k: 3, seeds: [5], batchSize: 64, epochs: 3, deadWindow: 0.25, auxKCoef: 1 });
      const trainer = new SaeTrainer(spec, data, { grouping: 'lockstep', matMul: 'split', gradients, editInit: shrink });
      const dead: number[] = [];
      while (trainer.stepCount < trainer.totalSteps) {
        trainer.step();
        if (trainer.stepCount % 8 === 0) dead.push((await trainer.evaluate()).seeds[0].deadWindowFraction);
      }
      const [w] = await trainer.weights();
      trainer.dispose();
      return { w, dead };
    };
    const hand = await train('hand');
    const auto = await train('autograd');
    expect(hand.dead).toEqual(auto.dead);
    expect(Math.max(...hand.dead)).toBeGreaterThan(0); // AuxK had dead latents to work on
    for (const name of ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const) {
      const [a, b] = [hand.w[name], auto.w[name]];
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
      expect(worst, name).toBeLessThan(1e-3);
    }
  });
});

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('DeadCandidates', () => {
  it('are exactly the dead latents after a fresh read, and a superset of them when the read is stale', async () => {
    await useBackend('cpu');
    const window = 100, perStep = 30;
    const candidates = new DeadCandidates(5, window, perStep);
    expect(Array.from(candidates.latents(3))).toEqual([]); // 3 steps of ≤ 30 rows cannot reach 100
    expect(Array.from(candidates.latents(4))).toEqual([0, 1, 2, 3, 4]);
    const counts = tf.tensor2d([[0, 99, 100, 130, 40]]);
    candidates.observe(counts, 10);
    await settle();
    expect(Array.from(candidates.latents(10))).toEqual([2, 3]); // dead: count ≥ window
    expect(Array.from(candidates.latents(11))).toEqual([1, 2, 3]); // 99 + 30 could reach it, 40 + 30 could not
    // A later snapshot replaces it; an older one arriving late does not.
    candidates.observe(tf.tensor2d([[0, 0, 0, 0, 200]]), 12);
    await settle();
    candidates.observe(counts, 11);
    await settle();
    expect(Array.from(candidates.latents(12))).toEqual([4]);
  });

  it('with several seeds\' counters, are the latents that may be dead in any seed', async () => {
    await useBackend('cpu');
    const candidates = new DeadCandidates(4, 100, 30);
    candidates.observe(tf.tensor2d([[0, 120, 0, 0], [0, 0, 0, 101], [0, 100, 80, 0]]), 5);
    await settle();
    expect(Array.from(candidates.latents(5))).toEqual([1, 3]);
    expect(Array.from(candidates.latents(6))).toEqual([1, 2, 3]); // 80 + 30 could reach 100 in seed 3
  });
});
