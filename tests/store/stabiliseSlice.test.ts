import { describe, expect, it } from 'vitest';
import type { StabiliseRecord } from '../../src/core/stabilise/record.ts';
import { type StabiliseState, clearedStabilise, initialStabilise, stabiliseReceive } from '../../src/store/stabiliseSlice.ts';

describe('the Stabilise slice', () => {
  it('folds plan, arm, progress and result of its own run, and drops other runs and sections', () => {
    let s: StabiliseState = { ...clearedStabilise(initialStabilise()), status: 'running' };
    expect(s.runId).toBe(1);
    s = stabiliseReceive(s, { type: 'stabilisePlan', section: 'stabilise', runId: 1, arms: ['plain', 'plain · shared init'], steps: 40 });
    s = stabiliseReceive(s, { type: 'stabiliseArm', section: 'stabilise', runId: 1, index: 1, label: 'plain · shared init' });
    s = stabiliseReceive(s, { type: 'progress', section: 'stabilise', runId: 1, step: 30, total: 40, stepsPerSec: 10, etaSeconds: 1 });
    s = stabiliseReceive(s, { type: 'progress', section: 'stabilise', runId: 0, step: 1, total: 2, stepsPerSec: 1, etaSeconds: 1 }); // an older run
    s = stabiliseReceive(s, { type: 'progress', section: 'saes', runId: 1, step: 2, total: 2, stepsPerSec: 1, etaSeconds: 0 }); // another section
    expect(s.plan).toEqual({ arms: ['plain', 'plain · shared init'], steps: 40 });
    expect(s.arm).toEqual({ index: 1, label: 'plain · shared init' });
    expect(s.progress).toEqual({ step: 30, total: 40, etaSeconds: 1 });
    const record = { rows: [], answer: 'none' } as unknown as StabiliseRecord;
    s = stabiliseReceive(s, { type: 'stabiliseDone', section: 'stabilise', runId: 1, record });
    s = stabiliseReceive(s, { type: 'status', section: 'stabilise', runId: 1, status: 'done' });
    expect(s.record).toBe(record);
    expect(s.status).toBe('done');
    const next = clearedStabilise(s);
    expect([next.runId, next.record, next.plan, next.draft]).toEqual([2, null, null, s.draft]);
  });

  it('a new engine (another backend) drops a running comparison: its worker is gone', () => {
    const s = stabiliseReceive({ ...initialStabilise(), status: 'running', plan: { arms: ['plain'], steps: 1 } }, { type: 'ready', backend: 'wasm', failures: [] });
    expect([s.status, s.plan]).toEqual(['idle', null]);
    expect(s.message).toMatch(/start the comparison again/);
  });

  it('a lost worker ends a running comparison with its message', () => {
    const s = stabiliseReceive({ ...initialStabilise(), status: 'running' }, { type: 'error', message: 'device lost' });
    expect([s.status, s.message]).toEqual(['error', 'device lost']);
  });
});
