import { describe, expect, it } from 'vitest';
import type { SaeMetrics } from '../../src/core/sae/metrics.ts';
import { saeStartBlocker } from '../../src/store/saeActions.ts';
import { type SaeState, clearedSaeRun, initialSaes, saeReceive, saeStaleReason } from '../../src/store/saeSlice.ts';
import type { SaeRunInfo } from '../../src/worker/saeMessages.ts';

const evaluation = (step: number): SaeMetrics => ({
  step, totalSteps: 100, epoch: step / 10, l1: 0,
  seeds: [{ seed: 1, mse: 1 / (step + 1), fvu: 0.5, explainedVariance: 0.5, l0: 8, deadFraction: 0, deadWindowFraction: 0, firing: { edges: [], counts: [], dead: 0 } }],
});

const info: SaeRunInfo = {
  transformerRunId: 3, transformerStep: 60, hookName: 'blocks.0.hook_resid_post', position: '=', dIn: 32, nLatents: 128, rows: 529,
  stepsPerEpoch: 9, totalSteps: 540, seeds: [1, 2], grouping: 'lockstep',
};

describe('saeReceive (worker messages folded into the SAE section)', () => {
  it('keeps what the current run reports: what it trains on, evaluations in order, the files at the end', () => {
    let s: SaeState = { ...clearedSaeRun(initialSaes()), status: 'running' };
    const runId = s.runId;
    s = saeReceive(s, { type: 'started', section: 'saes', runId, info });
    s = saeReceive(s, { type: 'metrics', section: 'saes', runId, points: [evaluation(0), evaluation(25)] });
    s = saeReceive(s, { type: 'metrics', section: 'saes', runId, points: [evaluation(50)] });
    expect(s.info).toBe(info);
    expect(s.metrics.map((m) => m.step)).toEqual([0, 25, 50]);
    const files = [{ folder: 'topk_k8_seed1', name: 'cfg.json' as const, bytes: new Uint8Array([123, 125]) }];
    const summary = { steps: 50, totalSteps: 100, final: evaluation(50), wallSeconds: 1, msPerStep: 2, stopped: true };
    s = saeReceive(s, { type: 'done', section: 'saes', runId, summary, files });
    expect(s.files).toBe(files);
    expect(s.summary).toBe(summary);
  });

  it('ignores messages of an earlier run and of other sections', () => {
    const before = clearedSaeRun(clearedSaeRun(initialSaes()));
    const old = before.runId - 1;
    expect(saeReceive(before, { type: 'metrics', section: 'saes', runId: old, points: [evaluation(1)] })).toBe(before);
    expect(saeReceive(before, { type: 'status', section: 'saes', runId: old, status: 'done' })).toBe(before);
    expect(saeReceive(before, { type: 'status', section: 'transformer', runId: before.runId, status: 'done' })).toBe(before);
  });
});

describe('when SAEs can start and when they are stale', () => {
  it('needs a transformer that exists and is not training', () => {
    expect(saeStartBlocker({ status: 'idle', runSpec: null })).toBe('train the transformer first');
    const spec = {} as never;
    expect(saeStartBlocker({ status: 'running', runSpec: spec })).toMatch(/^pause or stop the transformer first/);
    expect(saeStartBlocker({ status: 'paused', runSpec: spec })).toBeNull();
    expect(saeStartBlocker({ status: 'done', runSpec: spec })).toBeNull();
  });

  it('goes stale when the transformer is reset, retrained or trained further', () => {
    expect(saeStaleReason(null, { runId: 9, step: 1, exists: true })).toBeNull();
    expect(saeStaleReason(info, { runId: 3, step: 60, exists: true })).toBeNull();
    expect(saeStaleReason(info, { runId: 3, step: 60, exists: false })).toContain('reset or retrained');
    expect(saeStaleReason(info, { runId: 4, step: 60, exists: true })).toContain('reset or retrained');
    expect(saeStaleReason(info, { runId: 3, step: 70, exists: true })).toBe('the transformer moved on to step 70; these SAEs read step 60');
  });
});
