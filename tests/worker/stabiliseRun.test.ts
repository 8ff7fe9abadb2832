import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectActivations } from '../../src/core/sae/activations.ts';
import { saePresets } from '../../src/core/spec/sae.ts';
import { transformerPresets } from '../../src/core/spec/transformer.ts';
import * as tf from '../../src/core/tf.ts';
import { Transformer } from '../../src/core/transformer/model.ts';
import { initialWeights } from '../../src/core/transformer/weights.ts';
import type { FromWorker } from '../../src/worker/protocol.ts';
import type { TransformerSource } from '../../src/worker/sectionHost.ts';
import { StabiliseHost } from '../../src/worker/stabiliseRun.ts';
import { useBackend } from '../helpers/backend.ts';

/** The worker's Stabilise host on the untrained tiny transformer: the messages the page folds, Stop, and no leaks. */
const tSpec = transformerPresets.tiny;
const sae = { ...saePresets.tiny, seeds: [42, 123], epochs: 2, evalEvery: 5 };
const block: { methods: Record<string, unknown>[] } = { methods: [{ method: 'tiedInit', alpha: 0.2 }] };

describe('the Stabilise worker host', () => {
  let model: Transformer;
  let source: TransformerSource;
  beforeAll(async () => {
    await useBackend('cpu');
    model = new Transformer(tSpec, initialWeights(tSpec));
    collectActivations(model, 'blocks.0.hook_resid_post', '=').dispose(); // the model keeps a constant from its first forward
    source = { runId: 1, step: 0, spec: tSpec, model };
  });
  afterAll(() => model.dispose());

  /** A host whose posts are kept, and a promise of the run's last status (done or error). */
  function host(from: TransformerSource | null = source) {
    const sent: FromWorker[] = [];
    const listeners: ((m: FromWorker) => void)[] = [];
    let ended: (m: FromWorker) => void = () => {};
    const end = new Promise<FromWorker>((r) => (ended = r));
    const post = (m: FromWorker) => {
      sent.push(m);
      listeners.forEach((l) => l(m));
      if (m.type === 'status' && (m.status === 'done' || m.status === 'error')) ended(m);
    };
    const queue: Promise<void>[] = [];
    const h = new StabiliseHost({ post, enqueue: (task) => void queue.push(task()), transformer: () => from });
    const train = (runId: number, raw = block) => h.handle({ type: 'train', section: 'stabilise', runId, name: 'tiny', sae, stabilise: raw });
    return { h, sent, end, train, listen: (l: (m: FromWorker) => void) => listeners.push(l) };
  }

  it('plans, reports each arm and progress to the last step, then sends the comparison; no tensor is left', async () => {
    const before = tf.memory().numTensors;
    const { sent, end, train } = host();
    train(5);
    expect(await end).toMatchObject({ status: 'done', runId: 5 });
    const plan = sent.find((m) => m.type === 'stabilisePlan');
    expect(plan).toMatchObject({ arms: ['plain', 'plain · shared init', 'tiedInit', 'tiedInit · shared init'], steps: 4 * 18 }); // 529 rows / 64 = 9 steps × 2 epochs
    expect(sent.filter((m) => m.type === 'stabiliseArm').map((m) => m.type === 'stabiliseArm' && m.label)).toEqual(plan!.type === 'stabilisePlan' ? plan!.arms : []);
    const last = sent.filter((m) => m.type === 'progress').at(-1);
    expect(last).toMatchObject({ section: 'stabilise', step: 72, total: 72 });
    const done = sent.find((m) => m.type === 'stabiliseDone');
    // After the last step the page says what runs now (the nulls), before the comparison arrives.
    const nullsAt = sent.findIndex((m) => m.type === 'status' && /measuring the nulls/.test(m.message ?? ''));
    expect(nullsAt).toBeGreaterThan(sent.findIndex((m) => m.type === 'progress' && m.step === 72));
    expect(nullsAt).toBeLessThan(sent.indexOf(done!));
    expect(done?.type === 'stabiliseDone' && done.record.rows.map((r) => r.label)).toEqual(['plain', 'plain · shared init', 'tiedInit', 'tiedInit · shared init']);
    expect(done?.type === 'stabiliseDone' && done.record.spec.stabilise.methods[0]).toMatchObject({ method: 'tiedInit', alpha: 0.2 });
    expect(sent.every((m) => !('runId' in m) || m.runId === 5)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('Stop ends the run between two steps without a comparison, and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const { h, sent, end, train, listen } = host();
    // Stop as the second arm starts (as a click would arrive: a message between two steps).
    listen((m) => m.type === 'stabiliseArm' && m.index === 1 && h.handle({ type: 'stop', section: 'stabilise' }));
    train(6);
    const last = await end;
    expect(last).toMatchObject({ status: 'done' });
    expect(last.type === 'status' && last.message).toMatch(/stopped at step \d+ of 72/);
    expect(sent.some((m) => m.type === 'stabiliseDone')).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses without a transformer, or with a bad block, saying why', async () => {
    const a = host(null);
    a.train(7);
    expect(await a.end).toMatchObject({ status: 'error', message: expect.stringMatching(/train the transformer first/) });
    const b = host();
    b.train(8, { methods: [{ method: 'mutual', groupSize: 2 }] });
    expect(await b.end).toMatchObject({ status: 'error', message: expect.stringMatching(/groupSize/) });
  });
});
