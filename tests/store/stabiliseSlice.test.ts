import { describe, expect, it } from 'vitest';
import type { FinishedArm } from '../../src/core/stabilise/finished.ts';
import type { StabiliseSummary } from '../../src/core/stabilise/record.ts';
import { type StabiliseState, clearedStabilise, initialStabilise, stabiliseReceive } from '../../src/store/stabiliseSlice.ts';

describe('the Stabilise slice', () => {
  it('folds plan, arm, progress and result of its own run, and drops other runs and sections', () => {
    let s: StabiliseState = { ...clearedStabilise(initialStabilise()), status: 'running' };
    expect(s.runId).toBe(1);
    s = stabiliseReceive(s, { type: 'stabilisePlan', section: 'stabilise', runId: 1, arms: ['plain', 'plain · shared init'], steps: 40, done: 0 });
    s = stabiliseReceive(s, { type: 'stabiliseArm', section: 'stabilise', runId: 1, index: 1, label: 'plain · shared init' });
    s = stabiliseReceive(s, { type: 'progress', section: 'stabilise', runId: 1, step: 30, total: 40, stepsPerSec: 10, etaSeconds: 1 });
    s = stabiliseReceive(s, { type: 'progress', section: 'stabilise', runId: 0, step: 1, total: 2, stepsPerSec: 1, etaSeconds: 1 }); // an older run
    s = stabiliseReceive(s, { type: 'progress', section: 'saes', runId: 1, step: 2, total: 2, stepsPerSec: 1, etaSeconds: 0 }); // another section
    expect(s.plan).toEqual({ arms: ['plain', 'plain · shared init'], steps: 40 });
    expect(s.arm).toEqual({ index: 1, label: 'plain · shared init' });
    expect(s.progress).toEqual({ step: 30, total: 40, etaSeconds: 1 });
    const arm = { label: 'plain', step: 20 } as FinishedArm;
    s = stabiliseReceive(s, { type: 'metrics', section: 'stabilise', runId: 1, points: [arm] });
    s = stabiliseReceive(s, { type: 'metrics', section: 'stabilise', runId: 0, points: [arm] }); // an older run
    expect(s.finished).toEqual([arm]);
    const record = { rows: [{ label: 'plain' }], answer: 'none', missing: [] } as unknown as StabiliseSummary;
    s = stabiliseReceive(s, { type: 'done', section: 'stabilise', runId: 1, summary: record });
    s = stabiliseReceive(s, { type: 'status', section: 'stabilise', runId: 1, status: 'done' });
    expect(s.record).toBe(record);
    expect(s.status).toBe('done');
    const next = clearedStabilise(s);
    expect([next.runId, next.record, next.plan, next.draft, next.finished]).toEqual([2, null, null, s.draft, []]);
  });

  it('folds where the arm in training was saved and whether the run continued an earlier save', () => {
    let s: StabiliseState = { ...clearedStabilise(initialStabilise()), status: 'running' };
    s = stabiliseReceive(s, { type: 'stabiliseResumed', section: 'stabilise', runId: 1, at: { label: 'tiedInit', step: 41 } });
    s = stabiliseReceive(s, { type: 'stabiliseCheckpointed', section: 'stabilise', runId: 1, label: 'tiedInit', step: 50 });
    s = stabiliseReceive(s, { type: 'stabiliseCheckpointed', section: 'stabilise', runId: 0, label: 'plain', step: 5 }); // an older run
    expect([s.resumed, s.saved]).toEqual([{ label: 'tiedInit', step: 41 }, { label: 'tiedInit', step: 50 }]);
    s = stabiliseReceive(s, { type: 'stabiliseResumed', section: 'stabilise', runId: 1, at: null });
    expect(s.resumed).toEqual({ label: null, step: null });
    expect([clearedStabilise(s).saved, clearedStabilise(s).resumed]).toEqual([null, null]);
  });

  it('a stopped run with no finished arm shows no table', () => {
    const s = stabiliseReceive({ ...initialStabilise(), status: 'running' }, { type: 'done', section: 'stabilise', runId: 0, summary: { rows: [], missing: ['plain'] } as unknown as StabiliseSummary });
    expect(s.record).toBeNull();
  });

  it('a new engine (another backend) ends a running comparison; its finished arms stay for Start to continue', () => {
    const arm = { label: 'plain', step: 20 } as FinishedArm;
    const s = stabiliseReceive({ ...initialStabilise(), status: 'running', finished: [arm] }, { type: 'ready', backend: 'wasm', failures: [] });
    expect([s.status, s.finished]).toEqual(['idle', [arm]]);
    expect(s.message).toMatch(/Start continues the comparison/);
  });

  it('a lost worker ends a running comparison with its message', () => {
    const s = stabiliseReceive({ ...initialStabilise(), status: 'running' }, { type: 'error', message: 'device lost' });
    expect([s.status, s.message]).toEqual(['error', 'device lost']);
  });
});
