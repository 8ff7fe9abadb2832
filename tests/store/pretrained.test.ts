import { describe, expect, it } from 'vitest';
import { encodeTransformer, transformerConfig } from '../../src/core/io/transformerFiles.ts';
import { validateSpec } from '../../src/core/spec/experiment.ts';
import { transformerPresets } from '../../src/core/spec/transformer.ts';
import { TransformerTrainer } from '../../src/core/train/transformerTrainer.ts';
import { initialWeights } from '../../src/core/transformer/weights.ts';
import { checkCheckpoint as checkStored } from '../../src/storage/records.ts';
import { PRETRAINED_RUN_ID, pretrainedRecords } from '../../src/store/pretrained.ts';
import { useBackend } from '../helpers/backend.ts';

const spec = { ...transformerPresets.tiny, p: 7, dModel: 8, nHeads: 2, dMlp: 16, steps: 20, evalEvery: 10 };
const history = [[0, 2, 2, 0.1, 0.05], [10, 0.5, 1.5, 1, 0.4], [20, 0.01, 0.02, 1, 1]];
const files = (over: { report?: unknown; spec?: typeof spec } = {}) => {
  const s = over.spec ?? spec;
  return {
    config: transformerConfig(s),
    model: encodeTransformer(s, initialWeights(s)),
    report: over.report ?? { spec: { version: 1, transformer: s }, transformer: { steps: 20, history, backend: 'wasm', wallSeconds: 9, msPerStep: 3, secondsToGrok: 8 } },
  };
};

describe('the pretrained model as a stored run', () => {
  it('is a finished run with the report\'s curves, the SAE spec to train on it, and a checkpoint that loads', async () => {
    await useBackend('cpu');
    const { run, checkpoint } = pretrainedRecords(files(), 5);
    expect(run).toMatchObject({ id: PRETRAINED_RUN_ID, kind: 'transformer', status: 'done', step: 20, createdAt: 5 });
    expect(run.metrics).toEqual([
      { step: 0, trainLoss: 2, testLoss: 2, trainAcc: 0.1, testAcc: 0.05, lr: spec.lr / spec.warmupSteps },
      { step: 10, trainLoss: 0.5, testLoss: 1.5, trainAcc: 1, testAcc: 0.4, lr: spec.lr },
      { step: 20, trainLoss: 0.01, testLoss: 0.02, trainAcc: 1, testAcc: 1, lr: spec.lr },
    ]);
    expect(run.summary).toMatchObject({ steps: 20, stepsToGrok: 20, stopped: false });
    expect(validateSpec(run.spec)).toEqual(run.spec); // a valid notebook spec, SAEs included
    expect(run.spec.saes?.seeds.length).toBeGreaterThanOrEqual(2);
    // The checkpoint passes the checks a stored one does (notebook files, IndexedDB) and becomes a trainer.
    const stored = checkStored({ ...checkpoint, id: `${PRETRAINED_RUN_ID}@20` }, 'checkpoint');
    const trainer = TransformerTrainer.fromCheckpoint(run.spec.transformer, stored.state);
    expect(trainer.stepCount).toBe(20);
    expect((await trainer.model.weights())['embed.W_E'].data).toEqual(initialWeights(spec)['embed.W_E'].data);
    trainer.dispose();
  });

  it('a model trained with the Grokfast filter gets an EMA state too (its trainer would refuse one without)', () => {
    const filtered = { ...spec, grokfastLambda: 2 };
    const { run, checkpoint } = pretrainedRecords(files({ spec: filtered }));
    expect(checkpoint.state.optimizers[0].ema).toHaveLength(checkpoint.state.optimizers[0].m.length);
    const stored = checkStored({ ...checkpoint, id: 'x@20' }, 'checkpoint'); // records.ts keeps the EMA
    const trainer = TransformerTrainer.fromCheckpoint(run.spec.transformer, stored.state);
    trainer.dispose();
  });

  it('refuses files that do not fit, saying which', () => {
    expect(() => pretrainedRecords(files({ report: {} }))).toThrow(/no transformer part/);
    expect(() => pretrainedRecords(files({ report: { transformer: { history: [[0, 1, 2]] } } }))).toThrow(/history must be a list/);
    expect(() => pretrainedRecords(files({ report: { transformer: { history: [] } } }))).toThrow(/history is empty/);
    // A config for a wider model than the weights: the weights' shapes are checked against it.
    const wider = { ...spec, dModel: 12 };
    expect(() => pretrainedRecords({ ...files(), config: transformerConfig(wider) })).toThrow(/shape/);
  });
});
