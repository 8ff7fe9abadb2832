import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectActivations } from '../../src/core/sae/activations.ts';
import { saePresets } from '../../src/core/spec/sae.ts';
import { transformerPresets } from '../../src/core/spec/transformer.ts';
import * as tf from '../../src/core/tf.ts';
import { Transformer } from '../../src/core/transformer/model.ts';
import { initialWeights } from '../../src/core/transformer/weights.ts';
import type { FinishedArm } from '../../src/core/stabilise/finished.ts';
import type { StabiliseSummary } from '../../src/core/stabilise/record.ts';
import { openLabDb } from '../../src/storage/db.ts';
import { armPoint } from '../../src/storage/repo.ts';
import { WorkerStorage } from '../../src/worker/checkpointer.ts';
import type { FromWorker } from '../../src/worker/protocol.ts';
import type { TransformerSource } from '../../src/worker/sectionHost.ts';
import { StabiliseHost } from '../../src/worker/stabiliseRun.ts';
import { useBackend } from '../helpers/backend.ts';

/** The worker's Stabilise host on the untrained tiny transformer: the messages the page folds, Stop, and no leaks. */
const tSpec = transformerPresets.tiny;
const sae = { ...saePresets.tiny, seeds: [42, 123], epochs: 2, evalEvery: 5 };
const block: { methods: Record<string, unknown>[] } = { methods: [{ method: 'tiedInit', alpha: 0.2 }] };

/** The run's comparison (its `done` summary) and the arms it reported finished. */
const summaryOf = (sent: FromWorker[]): StabiliseSummary | undefined => sent.flatMap((m) => (m.type === 'done' && m.section === 'stabilise' ? [m.summary] : []))[0];
const armsOf = (sent: FromWorker[]): FinishedArm[] => sent.flatMap((m) => (m.type === 'metrics' && m.section === 'stabilise' ? m.points : []));

describe('the Stabilise worker host', () => {
  let full: StabiliseSummary;
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
    const storage = new WorkerStorage();
    storage.everyMs = 0; // a point at every step the arm can continue from
    const h = new StabiliseHost({ post, enqueue: (task) => void queue.push(task()), transformer: () => from, storage });
    const train = (runId: number, raw = block, finished?: FinishedArm[], stored?: { stored?: string; continueFrom?: string }) =>
      h.handle({ type: 'train', section: 'stabilise', runId, name: 'tiny', sae, stabilise: raw, finished, ...stored });
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
    const done = sent.find((m) => m.type === 'done');
    // After the last step the page says what runs now (the nulls), before the comparison arrives.
    const nullsAt = sent.findIndex((m) => m.type === 'status' && /measuring the nulls/.test(m.message ?? ''));
    expect(nullsAt).toBeGreaterThan(sent.findIndex((m) => m.type === 'progress' && m.step === 72));
    expect(nullsAt).toBeLessThan(sent.indexOf(done!));
    full = summaryOf(sent)!;
    expect(full.rows.map((r) => r.label)).toEqual(['plain', 'plain · shared init', 'tiedInit', 'tiedInit · shared init']);
    expect(full.spec.stabilise.methods[0]).toMatchObject({ method: 'tiedInit', alpha: 0.2 });
    expect([full.stopped, full.missing, full.steps]).toEqual([false, [], 72]);
    expect(armsOf(sent).map((a) => [a.label, a.step])).toEqual([['plain', 18], ['plain · shared init', 36], ['tiedInit', 54], ['tiedInit · shared init', 72]]);
    expect(sent.every((m) => !('runId' in m) || m.runId === 5)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('Stop keeps the arms already trained and compares them; a new run given them trains only the others, to the same table', async () => {
    const before = tf.memory().numTensors;
    const { h, sent, end, train, listen } = host();
    // Stop as the second arm starts (as a click would arrive: a message between two steps).
    listen((m) => m.type === 'stabiliseArm' && m.index === 1 && h.handle({ type: 'stop', section: 'stabilise' }));
    train(6);
    const last = await end;
    expect(last).toMatchObject({ status: 'done' });
    expect(last.type === 'status' && last.message).toMatch(/stopped at step \d+ of 72: 1 arm kept, 3 missing/);
    const stopped = summaryOf(sent)!;
    expect([stopped.stopped, stopped.rows.map((r) => r.label), stopped.missing]).toEqual([true, ['plain'], ['plain · shared init', 'tiedInit', 'tiedInit · shared init']]);
    expect(stopped.rows[0].verdict).not.toBeNull(); // the nulls come from the plain arm: its number stands beside them
    expect(stopped.answer).toMatch(/^Stopped with 3 of 4 arms untrained/);
    expect(tf.memory().numTensors).toBe(before);

    const kept = armsOf(sent);
    expect(kept.map((a) => a.label)).toEqual(['plain']);
    const next = host();
    next.train(9, block, kept);
    expect(await next.end).toMatchObject({ status: 'done' });
    expect(next.sent.find((m) => m.type === 'stabilisePlan')).toMatchObject({ steps: 72, done: 18 });
    expect(next.sent.filter((m) => m.type === 'stabiliseArm').map((m) => m.type === 'stabiliseArm' && m.label)).toEqual(['plain · shared init', 'tiedInit', 'tiedInit · shared init']);
    expect(armsOf(next.sent).map((a) => a.label)).toEqual(['plain', 'plain · shared init', 'tiedInit', 'tiedInit · shared init']); // carried first
    const continued = summaryOf(next.sent)!;
    expect(continued.missing).toEqual([]);
    expect(continued.rows).toEqual(full.rows); // the same comparison as a run never stopped (cpu is deterministic)
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a stored run saves the arm in progress; a run continuing it resumes that arm mid-way, to the same table', async () => {
    const before = tf.memory().numTensors;
    const { h, sent, end, train, listen } = host();
    // Stop once the method's arm has been saved mid-way (tiedInit: 18 steps, a point every 5).
    listen((m) => m.type === 'stabiliseCheckpointed' && m.label === 'tiedInit' && h.handle({ type: 'stop', section: 'stabilise' }));
    train(11, block, undefined, { stored: 'first' });
    expect(await end).toMatchObject({ status: 'done' });
    const saved = sent.filter((m) => m.type === 'stabiliseCheckpointed');
    expect(saved.map((m) => m.type === 'stabiliseCheckpointed' && m.label)).toEqual(['plain', 'plain', 'plain', 'plain · shared init', 'plain · shared init', 'plain · shared init', 'tiedInit']);
    expect(saved.at(-1)).toMatchObject({ step: 36 + 5 }); // the page's count: two arms done, 5 steps of the third
    const db = await openLabDb();
    expect((await armPoint(db, 'first'))?.label).toBe('tiedInit');
    expect(tf.memory().numTensors).toBe(before);

    const kept = armsOf(sent);
    expect(kept.map((a) => a.label)).toEqual(['plain', 'plain · shared init']);
    const next = host();
    next.train(12, block, kept, { stored: 'second', continueFrom: 'first' });
    expect(await next.end).toMatchObject({ status: 'done' });
    const resumed = next.sent.find((m) => m.type === 'stabiliseResumed');
    expect(resumed).toMatchObject({ at: { label: 'tiedInit', step: 36 + 5 } }); // two carried arms, 5 steps of the third
    expect(next.sent.find((m) => m.type === 'stabilisePlan')).toMatchObject({ steps: 72, done: 41 });
    expect(next.sent.filter((m) => m.type === 'progress').at(-1)).toMatchObject({ step: 72, total: 72 });
    expect(summaryOf(next.sent)!.rows).toEqual(full.rows); // as the run that never stopped
    // Complete: neither record keeps a point.
    expect([await armPoint(db, 'first'), await armPoint(db, 'second')]).toEqual([null, null]);
    db.close();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('Stop before the first arm finished leaves nothing to compare', async () => {
    const { h, sent, end, train, listen } = host();
    listen((m) => m.type === 'stabiliseArm' && m.index === 0 && h.handle({ type: 'stop', section: 'stabilise' }));
    train(10);
    const last = await end;
    expect(last.type === 'status' && last.message).toMatch(/before the first arm finished/);
    expect(summaryOf(sent)?.rows).toEqual([]);
    expect(armsOf(sent)).toEqual([]);
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
