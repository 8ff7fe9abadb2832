import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf.ts';
import { transformerPresets } from '../../src/core/spec/transformer.ts';
import { TransformerTrainer } from '../../src/core/train/transformerTrainer.ts';
import { readModel } from '../../src/core/experiment/fourierReadout.ts';
import { FourierRun, MAX_DUTY, MIN_INTERVAL_MS } from '../../src/worker/fourierRun.ts';
import type { FromWorker } from '../../src/worker/protocol.ts';
import { TransformerRun } from '../../src/worker/transformerRun.ts';
import { useBackend } from '../helpers/backend.ts';

const spec = { ...transformerPresets.tiny, steps: 30, evalEvery: 10 };
type Snapshot = Extract<FromWorker, { type: 'snapshot' }>;
const snapshots = (sent: FromWorker[]) => sent.filter((m): m is Snapshot => m.type === 'snapshot');

describe('readModel (the model over all p² inputs, read without blocking)', () => {
  let trainer: TransformerTrainer;
  beforeAll(async () => {
    await useBackend('wasm');
    trainer = new TransformerTrainer(spec);
    for (let i = 0; i < 5; i++) trainer.step();
  });
  afterAll(() => trainer?.dispose());

  it('gives the logits of a plain forward pass, the same arrays in chunks or whole, and frees its tensors', async () => {
    const { p } = spec;
    const before = tf.memory().numTensors;
    const whole = await readModel(trainer);
    const chunked = await readModel(trainer, 100); // 529 inputs in 6 uneven chunks
    expect(tf.memory().numTensors).toBe(before);

    const tokens = tf.tensor2d(trainer.dataset.allTokens, [p * p, 3], 'int32');
    const plain = tf.tidy(() => trainer.model.forward(tokens)); // the hook-free path: last position only
    const expected = (await plain.data()) as Float32Array;
    tf.dispose([tokens, plain]);
    expect(whole.logits.length).toBe(expected.length);
    expect(Math.max(...whole.logits.map((x, i) => Math.abs(x - expected[i])))).toBeLessThan(1e-4);

    expect(chunked.logits).toEqual(whole.logits);
    expect(chunked.mlp).toEqual(whole.mlp);
    expect(chunked.pattern).toEqual(whole.pattern);
    expect(whole.mlp.length).toBe(p * p * spec.dMlp);
    expect(whole.mlp.every((x) => x >= 0)).toBe(true); // post-ReLU
    // Attention from '=' over the three keys sums to 1 for every input and head.
    for (let i = 0; i < whole.pattern.length; i += 3) expect(whole.pattern[i] + whole.pattern[i + 1] + whole.pattern[i + 2]).toBeCloseTo(1, 5);
    expect(whole.step).toBe(5);
  });
});

describe('FourierRun (throttled analysis of the training model)', () => {
  let trainer: TransformerTrainer;
  beforeAll(async () => {
    await useBackend('wasm');
    trainer = new TransformerTrainer(spec);
  });
  afterAll(() => trainer?.dispose());

  it('analyses at once, then waits MIN_INTERVAL_MS, and longer after a costly analysis (at most MAX_DUTY of the time)', async () => {
    const sent: FromWorker[] = [];
    let t = 0;
    let costOfNext = 0;
    const run = new FourierRun(7, (m) => {
      sent.push(m);
      t += costOfNext; // the clock moves while the analysis runs
    }, { neuron: 3, head: 1 }, () => t);

    run.evaluated(trainer);
    run.evaluated(trainer); // one in flight: ignored
    await run.settle(trainer);
    expect(snapshots(sent).map((m) => [m.runId, m.snapshot.step, m.detail.neuron, m.detail.head])).toEqual([[7, 0, 3, 1]]);

    trainer.step();
    t = MIN_INTERVAL_MS - 1;
    run.evaluated(trainer);
    expect(snapshots(sent)).toHaveLength(1);
    t = MIN_INTERVAL_MS;
    costOfNext = 1000;
    run.evaluated(trainer);
    await run.settle(trainer);
    expect(snapshots(sent)).toHaveLength(2);

    trainer.step();
    const afterCostly = MIN_INTERVAL_MS + 1000 / MAX_DUTY; // the last one started at MIN_INTERVAL_MS and took 1 s
    t = afterCostly - 1;
    costOfNext = 0;
    run.evaluated(trainer);
    expect(snapshots(sent)).toHaveLength(2);
    t = afterCostly;
    run.evaluated(trainer);
    await run.settle(trainer);
    expect(snapshots(sent).map((m) => m.snapshot.step)).toEqual([0, 1, 2]);
  });

  it('settle analyses the current step once; inspect answers from the latest readout; detach stops everything', async () => {
    const sent: FromWorker[] = [];
    const run = new FourierRun(1, (m) => sent.push(m));
    run.inspect({ neuron: 5, head: 2 });
    expect(sent).toEqual([]); // nothing read yet
    await run.settle(trainer);
    await run.settle(trainer);
    expect(snapshots(sent)).toHaveLength(1);
    expect(snapshots(sent)[0].detail.neuron).toBe(5);

    run.inspect({ neuron: 9, head: 0 });
    const detail = sent.at(-1);
    expect(detail?.type === 'detail' && [detail.detail.neuron, detail.detail.head, detail.detail.step]).toEqual([9, 0, trainer.stepCount]);

    const before = tf.memory().numTensors;
    trainer.step();
    await run.detach();
    const count = sent.length;
    run.evaluated(trainer);
    run.inspect({ neuron: 1, head: 1 });
    await run.settle(trainer);
    expect(sent.length).toBe(count);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('TransformerRun with a FourierRun watching it', () => {
  beforeAll(() => useBackend('wasm'));

  it('reports done after the analysis of the final step, and frees every tensor on dispose', async () => {
    const before = tf.memory().numTensors;
    const sent: FromWorker[] = [];
    const post = (m: FromWorker) => sent.push(m);
    const fourier = new FourierRun(3, post);
    const run = new TransformerRun(spec, 3, post, fourier);
    await run.start();
    const done = sent.findIndex((m) => m.type === 'done');
    const shots = snapshots(sent);
    expect(done).toBeGreaterThan(-1);
    expect(shots[0].snapshot.step).toBe(0);
    expect(shots.at(-1)?.snapshot.step).toBe(spec.steps);
    expect(sent.indexOf(shots.at(-1)!)).toBeLessThan(done);
    expect(sent.some((m) => m.type === 'error')).toBe(false);
    await run.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports paused only once the analysis of the parked step is in and its tensors are freed', async () => {
    const sent: FromWorker[] = [];
    const post = (m: FromWorker) => sent.push(m);
    const run = new TransformerRun({ ...spec, steps: 1000 }, 4, post, new FourierRun(4, post));
    const finished = run.start();
    run.pause();
    await new Promise<void>((resolve) => {
      const poll = () => (sent.some((m) => m.type === 'status' && m.status === 'paused') ? resolve() : setTimeout(poll, 5));
      poll();
    });
    const paused = sent.findIndex((m) => m.type === 'status' && m.status === 'paused');
    const last = snapshots(sent.slice(0, paused)).at(-1);
    const step = Number(/step (\d+)/.exec((sent[paused] as { message?: string }).message ?? '')?.[1]);
    expect(last?.snapshot.step).toBe(step);
    run.stop();
    await finished;
    await run.dispose();
  });
});
