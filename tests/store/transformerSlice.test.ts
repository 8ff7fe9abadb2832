import { describe, expect, it } from 'vitest';
import type { TransformerMetrics } from '../../src/core/train/transformerTrainer.ts';
import { type TransformerState, clearedRun, initialTransformer, transformerReceive } from '../../src/store/transformerSlice.ts';

const point = (step: number, testAcc: number): TransformerMetrics => ({
  step, trainLoss: 1 / (step + 1), testLoss: 2 / (step + 1), trainAcc: 1, testAcc, lr: 1e-3,
});

describe('transformerReceive (worker messages folded into the section state)', () => {
  it('appends metrics of the current run and records the first step at test accuracy >= 0.99', () => {
    let s: TransformerState = { ...clearedRun(initialTransformer()), status: 'running' };
    const runId = s.runId;
    s = transformerReceive(s, { type: 'metrics', section: 'transformer', runId, points: [point(10, 0.5), point(20, 0.989)] });
    expect(s.stepsToGrok).toBeNull();
    s = transformerReceive(s, { type: 'metrics', section: 'transformer', runId, points: [point(30, 0.99), point(40, 1)] });
    expect(s.metrics.map((m) => m.step)).toEqual([10, 20, 30, 40]);
    expect(s.stepsToGrok).toBe(30);
  });

  it('ignores every message of an earlier run (after Reset or a new Start)', () => {
    const before = clearedRun(clearedRun(initialTransformer()));
    const stale = before.runId - 1;
    const after = [
      transformerReceive(before, { type: 'metrics', section: 'transformer', runId: stale, points: [point(10, 1)] }),
      transformerReceive(before, { type: 'status', section: 'transformer', runId: stale, status: 'done' }),
      transformerReceive(before, { type: 'progress', section: 'transformer', runId: stale, step: 5, total: 9, stepsPerSec: 1, etaSeconds: 4 }),
      transformerReceive(before, { type: 'error', section: 'transformer', runId: stale, message: 'old' }),
    ];
    for (const s of after) expect(s).toBe(before);
  });

  it('a worker-level error ends a running run but leaves an idle section alone', () => {
    const idle = initialTransformer();
    expect(transformerReceive(idle, { type: 'error', message: 'WebGPU device lost' })).toBe(idle);
    const running: TransformerState = { ...idle, status: 'running' };
    const s = transformerReceive(running, { type: 'error', message: 'WebGPU device lost' });
    expect(s.status).toBe('error');
    expect(s.message).toBe('WebGPU device lost');
  });
});
