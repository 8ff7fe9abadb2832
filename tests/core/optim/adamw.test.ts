import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW } from '../../../src/core/optim/adamw.ts';
import * as tf from '../../../src/core/tf.ts';
import { useBackend } from '../../helpers/backend.ts';

const cfg = { lr: 0.1, beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: 0.5, warmupSteps: 4 };

/** PyTorch's AdamW, written out in float64 for scalars. */
function reference(p0: number, gradsSeq: number[]): number {
  let p = p0, m = 0, v = 0;
  gradsSeq.forEach((g, i) => {
    const t = i + 1;
    const lr = cfg.lr * Math.min(t / cfg.warmupSteps, 1);
    p = p * (1 - lr * cfg.weightDecay);
    m = cfg.beta1 * m + (1 - cfg.beta1) * g;
    v = cfg.beta2 * v + (1 - cfg.beta2) * g * g;
    p = p - (lr * (m / (1 - cfg.beta1 ** t))) / (Math.sqrt(v / (1 - cfg.beta2 ** t)) + cfg.eps);
  });
  return p;
}

describe('AdamW', () => {
  beforeAll(() => useBackend('cpu'));

  it('first step is the closed form p(1 - lr_1·wd) - lr_1·sign(g) with lr_1 = lr/warmup', async () => {
    const p = tf.variable(tf.tensor1d([1, -2, 0.5]));
    const opt = new AdamW([p], cfg);
    const g = tf.tensor1d([0.3, -4, 0]);
    opt.apply([g]);
    const got = await p.data();
    const lr1 = cfg.lr / cfg.warmupSteps;
    // g = 0 gives m = v = 0: the Adam part is 0/(0 + eps) = 0, only decay acts.
    const want = [1 * (1 - lr1 * 0.5) - lr1, -2 * (1 - lr1 * 0.5) + lr1, 0.5 * (1 - lr1 * 0.5)];
    want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 6));
    opt.dispose();
    tf.dispose([p, g]);
  });

  it('matches the float64 reference over several steps with warm-up and changing gradients', async () => {
    const gradsSeq = [0.3, -1.2, 0.05, 2.0, -0.7, 0.4];
    const p = tf.variable(tf.scalar(1.5));
    const opt = new AdamW([p], cfg);
    for (const g of gradsSeq) tf.tidy(() => opt.apply([tf.scalar(g)]));
    expect((await p.data())[0]).toBeCloseTo(reference(1.5, gradsSeq), 5);
    expect(opt.step).toBe(gradsSeq.length);
    opt.dispose();
    p.dispose();
  });

  it('round-trips its state (for checkpoints) and leaks no tensors per step', async () => {
    const p = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
    const opt = new AdamW([p], cfg);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.tidy(() => opt.apply([tf.tensor1d([0.1 * i, -0.2])]));
    expect(tf.memory().numTensors).toBe(before);
    const state = await opt.getState();
    const q = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
    const opt2 = new AdamW([q], cfg);
    opt2.setState(state);
    expect(tf.memory().numTensors).toBe(before + 3);
    expect(Array.from((await opt2.getState()).m[0])).toEqual(Array.from(state.m[0]));
    expect(opt2.step).toBe(3);
    opt.dispose();
    opt2.dispose();
    tf.dispose([p, q]);
  });
});
