import { describe, expect, it } from 'vitest';
import { readImportedSaes } from '../../src/core/io/saeImport.ts';
import { collectActivations } from '../../src/core/sae/activations.ts';
import { saePresets } from '../../src/core/spec/sae.ts';
import { transformerPresets } from '../../src/core/spec/transformer.ts';
import * as tf from '../../src/core/tf.ts';
import { Transformer } from '../../src/core/transformer/model.ts';
import { initialWeights } from '../../src/core/transformer/weights.ts';
import type { FromWorker } from '../../src/worker/protocol.ts';
import { SaeRun } from '../../src/worker/saeRun.ts';
import type { TransformerSource } from '../../src/worker/sectionHost.ts';
import { SaeSection } from '../../src/worker/saeSection.ts';
import { WorkerStorage } from '../../src/worker/checkpointer.ts';
import { BaselineCache } from '../../src/core/experiment/stabilityTracker.ts';
import { useBackend } from '../helpers/backend.ts';

const tSpec = transformerPresets.tiny;
const spec = { ...saePresets.tiny, seeds: [42, 123], epochs: 2, evalEvery: 5 };
const source = (model: Transformer): TransformerSource => ({ runId: 7, step: 0, spec: tSpec, model });

type Msg<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;
const pick = <T extends FromWorker['type']>(sent: FromWorker[], type: T, section?: string) =>
  sent.filter((m): m is Msg<T> => m.type === type && (!section || ('section' in m && m.section === section)));

async function runToEnd(model: Transformer, run: SaeRun): Promise<void> {
  await run.prepare(source(model));
  await run.start();
}

describe('imported SAEs in the worker', () => {
  it('analyse the page\'s own download exactly like the run that trained it, evaluated once, without leaking tensors', async () => {
    await useBackend('wasm');
    const model = new Transformer(tSpec, initialWeights(tSpec));
    collectActivations(model, 'blocks.0.hook_resid_post', '=').dispose(); // the model keeps a constant from its first forward
    const trained: FromWorker[] = [];
    const first = new SaeRun(spec, 1, 0.7, new BaselineCache(), (m) => trained.push(m));
    await runToEnd(model, first);
    await first.dispose();
    const done = pick(trained, 'done', 'saes')[0] as Msg<'done'> & { section: 'saes' };
    const files = done.files.map((f) => ({ path: `${f.folder}__${f.name}`, bytes: f.bytes }));
    const imported = readImportedSaes(files, tSpec, saePresets.phase1);
    expect(imported.spec).toEqual(spec);

    const before = tf.memory().numTensors;
    const sent: FromWorker[] = [];
    const run = new SaeRun(imported.spec, 2, 0.7, new BaselineCache(), (m) => sent.push(m), imported.weights);
    await runToEnd(model, run);
    expect(tf.memory().numTensors).toBe(before);

    const info = pick(sent, 'started')[0].info;
    expect(info).toMatchObject({ totalSteps: 0, seeds: [42, 123], dIn: 32, nLatents: 128 });
    const points = pick(sent, 'metrics', 'saes').flatMap((m) => (m.section === 'saes' ? m.points : []));
    expect(points.map((p) => p.step)).toEqual([0]);
    const trainedFinal = done.summary.final.seeds;
    points[0].seeds.forEach((s, i) => {
      expect(Math.abs(s.fvu - trainedFinal[i].fvu) / trainedFinal[i].fvu).toBeLessThan(1e-4); // float32 rounding of b × scale / scale
      expect(s.l0).toBeCloseTo(trainedFinal[i].l0, 5);
    });
    const again = pick(sent, 'done', 'saes')[0] as Msg<'done'> & { section: 'saes' };
    expect(again.files.map((f) => f.bytes)).toEqual(done.files.map((f) => f.bytes)); // re-exported bit for bit

    const finalOf = (msgs: FromWorker[]) => pick(msgs, 'stability').map((m) => m.update).filter((u) => u.kind === 'final').at(-1)!;
    const [a, b] = [finalOf(trained), finalOf(sent)];
    expect(b.kind === 'final' && b.report.pwmccMax.mean).toBeCloseTo(a.kind === 'final' ? a.report.pwmccMax.mean : NaN, 6);
    expect(b.kind === 'final' && b.report.pwmccOneToOne.mean).toBeCloseTo(a.kind === 'final' ? a.report.pwmccOneToOne.mean : NaN, 6);
    const features = pick(sent, 'features')[0];
    expect(features.summary?.seeds).toEqual([42, 123]);
    expect(pick(sent, 'status').at(-1)).toMatchObject({ status: 'done', message: '2 imported SAEs, evaluated on these activations' });
    await run.dispose();
    model.dispose();
  });

  it('are refused by the worker when their shapes do not fit the transformer, or when there is none', async () => {
    await useBackend('wasm');
    const sent: FromWorker[] = [];
    let queued: Promise<void> = Promise.resolve();
    let transformer: TransformerSource | null = null;
    const section = new SaeSection({
      post: (m) => sent.push(m), storage: new WorkerStorage(), transformer: () => transformer,
      enqueue: (task) => void (queued = queued.then(task)),
    });
    const w = { dIn: 32, dSae: 64, W_enc: new Float32Array(32 * 64), b_enc: new Float32Array(64), W_dec: new Float32Array(64 * 32), b_dec: new Float32Array(32) };
    section.handle({ type: 'import', section: 'saes', runId: 5, spec, weights: [w, w], sharedThreshold: 0.7 });
    await queued;
    expect(pick(sent, 'error')[0].message).toMatch(/train the transformer first/);
    const model = new Transformer(tSpec, initialWeights(tSpec));
    transformer = source(model);
    section.handle({ type: 'import', section: 'saes', runId: 6, spec, weights: [w, w], sharedThreshold: 0.7 });
    await queued;
    expect(pick(sent, 'error')[1].message).toMatch(/do not have the shapes \[32, 128\]/);
    expect(pick(sent, 'started')).toEqual([]);
    model.dispose();
  });
});
