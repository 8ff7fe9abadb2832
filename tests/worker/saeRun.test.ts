import { describe, expect, it } from 'vitest';
import { collectActivations } from '../../src/core/sae/activations.ts';
import { saePresets } from '../../src/core/spec/sae.ts';
import { transformerPresets } from '../../src/core/spec/transformer.ts';
import * as tf from '../../src/core/tf.ts';
import { Transformer } from '../../src/core/transformer/model.ts';
import { initialWeights } from '../../src/core/transformer/weights.ts';
import type { FromWorker } from '../../src/worker/protocol.ts';
import { SaeRun } from '../../src/worker/saeRun.ts';
import type { TransformerSource } from '../../src/worker/sectionHost.ts';
import { BaselineCache } from '../../src/core/experiment/stabilityTracker.ts';
import { useBackend } from '../helpers/backend.ts';

/** The tiny transformer, untrained (SAEs need any model), and the tiny SAEs cut to 2 epochs of 9 steps. */
const tSpec = transformerPresets.tiny;
const spec = { ...saePresets.tiny, seeds: [42, 123], epochs: 2, evalEvery: 5 };

function sourceOf(model: Transformer): TransformerSource {
  return { runId: 7, step: 0, spec: tSpec, model };
}

describe('SaeRun (an SAE run hosted in the worker)', () => {
  it('reports what it trains on, every evaluation, the files and the stability, then frees its tensors', async () => {
    await useBackend('wasm');
    const model = new Transformer(tSpec, initialWeights(tSpec));
    const sent: FromWorker[] = [];
    collectActivations(model, 'blocks.0.hook_resid_post', '=').dispose(); // the model keeps a constant from its first forward
    const before = tf.memory().numTensors;
    const run = new SaeRun(spec, 3, 0.7, new BaselineCache(), (m) => sent.push(m));
    await run.prepare(sourceOf(model));
    await run.start();

    expect(sent.every((m) => !('runId' in m) || m.runId === 3)).toBe(true);
    const started = sent.find((m) => m.type === 'started');
    expect(started?.type === 'started' && started.info).toMatchObject({
      transformerRunId: 7, transformerStep: 0, dIn: 32, nLatents: 128, rows: 23 * 23, stepsPerEpoch: 9, totalSteps: 18, seeds: [42, 123],
    });
    const steps = sent.flatMap((m) => (m.type === 'metrics' && m.section === 'saes' ? m.points.map((p) => p.step) : []));
    expect(steps).toEqual([0, 5, 10, 15, 18]);
    const done = sent.find((m) => m.type === 'done' && m.section === 'saes');
    expect(done?.type === 'done' && done.section === 'saes' && done.files.map((f) => f.name)).toEqual(
      ['sae_weights.safetensors', 'cfg.json', 'sae_weights.safetensors', 'cfg.json'],
    );
    const kinds = sent.flatMap((m) => (m.type === 'stability' ? [m.update.kind] : []));
    expect(kinds[0]).toBe('baseline');
    expect(kinds.at(-1)).toBe('final');
    const statuses = sent.flatMap((m) => (m.type === 'status' ? [m.status] : []));
    expect(statuses.at(-1)).toBe('done');
    expect(tf.memory().numTensors).toBe(before); // the trainer is freed as soon as training ends
    await run.dispose();
    model.dispose();
  });

  it('parks when paused (step count frozen), then resumes to the end', async () => {
    await useBackend('wasm');
    const model = new Transformer(tSpec, initialWeights(tSpec));
    const sent: FromWorker[] = [];
    const run = new SaeRun({ ...spec, seeds: [1] }, 4, 0.7, new BaselineCache(), (m) => sent.push(m));
    await run.prepare(sourceOf(model));
    const finished = run.start();
    run.pause();
    await new Promise((r) => setTimeout(r, 300));
    const parked = sent.filter((m) => m.type === 'status' && m.status === 'paused');
    expect(parked.map((m) => m.type === 'status' && m.message)).toEqual(['paused at step 0']);
    run.resume();
    await finished;
    const last = sent.filter((m) => m.type === 'progress').at(-1);
    expect(last?.type === 'progress' && last.step).toBe(18);
    expect(sent.some((m) => m.type === 'stability')).toBe(false); // one seed: nothing to compare
    await run.dispose();
    model.dispose();
  });
});
