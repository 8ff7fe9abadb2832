import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../src/core/spec/experiment.ts';
import type { RunRecordOf } from '../../src/storage/schema.ts';
import { initialSaes } from '../../src/store/saeSlice.ts';
import { chipOf, saesFromRecord, shownStatus, shownUpTo, transformerFromRecord } from '../../src/store/storedRun.ts';
import { initialTransformer } from '../../src/store/transformerSlice.ts';

const point = (step: number, testAcc = 0.5) => ({ step, trainLoss: 1, testLoss: 2, trainAcc: 1, testAcc, lr: 1e-3 });

function run(over: Partial<RunRecordOf<'transformer'>> = {}): RunRecordOf<'transformer'> {
  return {
    id: 'r', experimentId: 'e', kind: 'transformer', name: 'mine', spec: presetSpec('tiny'), status: 'interrupted', createdAt: 1,
    updatedAt: 1, backend: 'wasm', step: 30, metrics: [point(0), point(10), point(20, 0.995), point(30, 1)], summary: null, checkpointId: 'r@20', ...over,
  };
}

const saeRun = (over: Partial<RunRecordOf<'saes'>>): RunRecordOf<'saes'> => ({ ...run(), kind: 'saes', metrics: [], summary: null, info: undefined, ...over });

describe('a stored run shown in its section', () => {
  it('an interrupted run shows its curves up to its checkpoint, under a new page runId, and says it can resume', () => {
    const before = initialTransformer();
    const t = transformerFromRecord(before, run(), 'stored', 20);
    expect(t.runId).toBe(before.runId + 1);
    // The curves stored after the checkpoint (step 30) are lost to a resume: curves, readout and resume point agree.
    expect(t.metrics.map((m) => m.step)).toEqual([0, 10, 20]);
    expect(t.progress?.step).toBe(20);
    expect(t.status).toBe('idle');
    expect(chipOf(t.status, true)).toBe('interrupted');
    expect(chipOf(t.status, false)).toBe('idle');
    expect(chipOf('done', true)).toBe('done');
    expect(t.message).toContain('checkpoint at step 20 can be resumed');
    expect(t.stepsToGrok).toBe(20);
    expect(t.runSpec).toEqual(presetSpec('tiny').transformer);
  });

  it('cuts SAE curves to the checkpoint the same way; finished runs, runs without a checkpoint and runs of another tab show all', () => {
    const sae = (step: number) => ({ step, totalSteps: 40 }) as never;
    const rec = saeRun({ metrics: [sae(0), sae(10), sae(20), sae(30)] });
    const s = saesFromRecord(initialSaes(), rec, 'stored', 20, null);
    expect(s.metrics.map((m) => m.step)).toEqual([0, 10, 20]);
    expect(s.progress?.step).toBe(20);
    expect(saesFromRecord(initialSaes(), { ...rec, status: 'done' }, 'stored', 30, null).progress?.step).toBe(30);
    expect(transformerFromRecord(initialTransformer(), run({ status: 'stopped' }), 'stored', 20).metrics).toHaveLength(4);
    expect(transformerFromRecord(initialTransformer(), run({ checkpointId: null }), 'stored', null).progress?.step).toBe(30);
    expect(transformerFromRecord(initialTransformer(), run({ status: 'running' }), 'elsewhere', 20).metrics).toHaveLength(4);
    expect(shownUpTo(run({ status: 'paused' }), 'stored', 20)).toBe(20);
  });

  it('resuming keeps only the evaluations up to the checkpoint (the resumed run recomputes the rest)', () => {
    const t = transformerFromRecord(initialTransformer(), run(), 'live', 20);
    expect(t.metrics.map((m) => m.step)).toEqual([0, 10, 20]);
    expect(t.progress?.step).toBe(20);
    expect(t.status).toBe('running');
  });

  it('statuses: finished and stopped runs show as done, failures as errors, another tab\'s run as idle', () => {
    expect(shownStatus(run({ status: 'done' }), 'stored', 30)).toMatchObject({ status: 'done' });
    expect(shownStatus(run({ status: 'stopped' }), 'stored', 30).message).toContain('stopped at step 30');
    expect(shownStatus(run({ status: 'error', message: 'boom' }), 'stored', null)).toEqual({ status: 'error', message: 'boom' });
    expect(shownStatus(run({ status: 'running' }), 'elsewhere', 20).message).toContain('another tab');
    expect(shownStatus(run({ checkpointId: null }), 'stored', null).message).toContain('before its first checkpoint');
  });

  it('SAEs read from another transformer than the one shown are marked stale (no matching runId)', () => {
    const info = { transformerRunId: 3, transformerStep: 30, hookName: 'h', position: 'all', dIn: 4, nLatents: 8, rows: 10, stepsPerEpoch: 1, totalSteps: 5, seeds: [1], grouping: 'batched' } as const;
    const rec = saeRun({ status: 'done', info: { ...info, seeds: [...info.seeds] } });
    expect(saesFromRecord(initialSaes(), rec, 'stored', 5, 12).info?.transformerRunId).toBe(12);
    expect(saesFromRecord(initialSaes(), rec, 'stored', 5, null).info?.transformerRunId).toBe(-1);
  });
});
