/** A small but complete notebook (two runs, checkpoints with optimiser and RNG state, notes) for file tests. */
import { presetSpec } from '../../src/core/spec/experiment.ts';
import type { NotebookContents } from '../../src/storage/notebookFile.ts';
import { NOTEBOOK_ID, type RunRecordOf } from '../../src/storage/schema.ts';
import { Rng } from '../../src/core/rng.ts';

export function sampleNotebook(): NotebookContents {
  const spec = presetSpec('tiny');
  const rng = new Rng(7);
  const weights = rng.normals(12);
  new Uint32Array(weights.buffer)[3] = 0x7fc00001; // a NaN with a payload must survive bit for bit
  weights[4] = -0;
  const base = { experimentId: NOTEBOOK_ID, spec, backend: 'wasm', summary: null, createdAt: 1000, updatedAt: 2000 };
  return {
    experiment: { id: NOTEBOOK_ID, name: 'tiny', spec, createdAt: 1000, updatedAt: 3000, openRuns: { transformer: 't1', saes: 's1' } },
    runs: [
      { ...base, id: 't1', kind: 'transformer', name: 'tiny transformer', status: 'done', step: 60, checkpointId: 't1@60',
        metrics: [{ step: 0, trainLoss: 3.2, testLoss: 3.3, trainAcc: 0.04, testAcc: NaN, lr: 0 }], summary: { steps: 60, stopped: false } as RunRecordOf<'transformer'>['summary'] },
      { ...base, id: 's1', kind: 'saes', name: 'tiny SAEs', status: 'paused', step: 5, checkpointId: 's1@5', source: { runId: 't1', step: 60 },
        metrics: [], message: 'paused at step 5', createdAt: 1500 },
    ],
    checkpoints: [
      { id: 't1@60', runId: 't1', step: 60, savedAt: 2000, state: {
        kind: 'transformer', step: 60, tensors: { 'embed.W_E': { shape: [3, 4], data: weights } },
        optimizers: [{ step: 60, m: [rng.normals(12)], v: [rng.normals(12)] }], rngs: [], counters: {} } },
      { id: 's1@5', runId: 's1', step: 5, savedAt: 2100, state: {
        kind: 'saes', step: 5, tensors: { 'seed42.W_dec': { shape: [2, 2], data: rng.normals(4) }, 'seed42.b_dec': { shape: [2], data: rng.normals(2) } },
        optimizers: [{ step: 5, m: [rng.normals(4), rng.normals(2)], v: [rng.normals(4), rng.normals(2)] }],
        rngs: [[1, 2, 3, 4294967295]], counters: { sinceFired: [0, 3, 7] } } },
    ],
    notes: [
      { id: 'n1', experimentId: NOTEBOOK_ID, runId: null, markdown: '# Plan\n\nTry **k = 8**.', createdAt: 1100, updatedAt: 1100 },
      { id: 'n2', experimentId: NOTEBOOK_ID, runId: 's1', markdown: '<script>alert(1)</script> stays text', createdAt: 1200, updatedAt: 1300 },
    ],
  };
}
