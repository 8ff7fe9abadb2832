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

describe('AdamW with the Grokfast EMA filter (Lee et al. 2024)', () => {
  beforeAll(() => useBackend('cpu'));
  const grokfast = { alpha: 0.8, lambda: 2 };

  /** The reference with g replaced by g + λ·ema, ema = g at step 1 and α·ema + (1−α)·g after (the authors' code). */
  function filteredReference(p0: number, gradsSeq: number[]): number {
    let ema = 0;
    const filtered = gradsSeq.map((g, i) => {
      ema = i === 0 ? g : grokfast.alpha * ema + (1 - grokfast.alpha) * g;
      return g + grokfast.lambda * ema;
    });
    return reference(p0, filtered);
  }

  it('steps on g + λ·ema: matches a hand computation of the filter over several steps', async () => {
    const gradsSeq = [0.3, -1.2, 0.05, 2.0, -0.7, 0.4];
    const p = tf.variable(tf.scalar(1.5));
    const opt = new AdamW([p], { ...cfg, grokfast });
    for (const g of gradsSeq) tf.tidy(() => opt.apply([tf.scalar(g)]));
    const got = (await p.data())[0];
    expect(got).toBeCloseTo(filteredReference(1.5, gradsSeq), 5);
    // The filter changes the trajectory (the test could fail): plain AdamW ends elsewhere.
    expect(Math.abs(got - reference(1.5, gradsSeq))).toBeGreaterThan(1e-3);
    // The EMA itself, by hand: 0.3 → 0.8·0.3 + 0.2·(−1.2) = 0 → … after six steps.
    let ema = gradsSeq[0];
    for (const g of gradsSeq.slice(1)) ema = 0.8 * ema + 0.2 * g;
    expect((await opt.getState()).ema![0][0]).toBeCloseTo(ema, 6);
    opt.dispose();
    p.dispose();
  });

  it('λ = 0 is plain AdamW bit for bit, with no EMA state', async () => {
    const run = async (config: typeof cfg & { grokfast?: { alpha: number; lambda: number } }) => {
      const p = tf.variable(tf.tensor1d([1.5, -0.25, 3]));
      const opt = new AdamW([p], config);
      for (let i = 0; i < 5; i++) tf.tidy(() => opt.apply([tf.tensor1d([0.3 - i, 1.1 * i, -0.05])]));
      const out = { bits: Array.from(new Uint32Array((await p.data() as Float32Array).buffer)), state: await opt.getState() };
      opt.dispose();
      p.dispose();
      return out;
    };
    const plain = await run(cfg);
    const off = await run({ ...cfg, grokfast: { alpha: 0.98, lambda: 0 } });
    expect(off.bits).toEqual(plain.bits);
    expect(off.state.ema).toBeUndefined();
  });

  it('saves and restores the EMA (resume is bit-exact), refuses a state without it, and leaks no tensors', async () => {
    const grads = [0.3, -1.2, 0.05, 2.0, -0.7, 0.4];
    const before = tf.memory().numTensors;
    const straight = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
    const a = new AdamW([straight], { ...cfg, grokfast });
    for (const g of grads) tf.tidy(() => a.apply([tf.tensor1d([g, -g / 2])]));

    const half = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
    const b = new AdamW([half], { ...cfg, grokfast });
    for (const g of grads.slice(0, 3)) tf.tidy(() => b.apply([tf.tensor1d([g, -g / 2])]));
    const saved = structuredClone(await b.getState());
    expect(saved.ema).toHaveLength(1);
    const halfData = await half.data();
    const resumed = tf.tidy(() => tf.variable(tf.tensor1d(halfData)));
    const c = new AdamW([resumed], { ...cfg, grokfast });
    c.setState(saved);
    for (const g of grads.slice(3)) tf.tidy(() => c.apply([tf.tensor1d([g, -g / 2])]));
    const bitsOf = async (v: tf.Variable) => Array.from(new Uint32Array((await v.data() as Float32Array).buffer));
    expect(await bitsOf(resumed)).toEqual(await bitsOf(straight));

    const plain = new AdamW([half], cfg);
    expect(() => plain.setState(saved)).toThrow(/has a Grokfast gradient EMA/);
    const { ema: _dropped, ...withoutEma } = saved;
    expect(() => c.setState(withoutEma)).toThrow(/lacks the Grokfast gradient EMA/);
    for (const o of [a, b, c, plain]) o.dispose();
    tf.dispose([straight, half, resumed]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
