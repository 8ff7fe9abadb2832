import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../../src/core/spec/experiment.ts';
import { SpecError } from '../../../src/core/spec/fields.ts';
import { cellSeconds, checkSweepBudget, describeEstimate, estimateSweep, transformerSeconds } from '../../../src/core/sweep/budget.ts';
import { expandSweep } from '../../../src/core/sweep/expand.ts';
import { parseShard, shardFromEnv, shardItems } from '../../../src/core/sweep/shard.ts';
import { validateSweep } from '../../../src/core/sweep/spec.ts';

const base = presetSpec('tiny');
const sweep = (axes: unknown, budget?: unknown) => validateSweep({ sweepVersion: 1, name: 's', base, axes, ...(budget ? { budget } : {}) });

describe('sweep budget', () => {
  it('counts a shared transformer once and grows with the cells', () => {
    const one = estimateSweep(expandSweep(sweep([{ field: 'saes.k', values: [4] }])));
    const four = estimateSweep(expandSweep(sweep([{ field: 'saes.k', values: [2, 4, 6, 8] }])));
    const twoModels = estimateSweep(expandSweep(sweep([{ field: 'transformer.seed', values: [0, 1] }, { field: 'saes.k', values: [2, 4] }])));
    expect([one.transformers, four.transformers, twoModels.transformers]).toEqual([1, 1, 2]);
    expect(four.cells).toBe(4);
    const tSeconds = transformerSeconds(base.transformer);
    const fourCells = expandSweep(sweep([{ field: 'saes.k', values: [2, 4, 6, 8] }]));
    // One transformer plus each cell's own SAE training and analysis: the transformer is paid once.
    expect(four.seconds).toBeCloseTo(tSeconds + fourCells.reduce((s, c) => s + cellSeconds(c), 0), 6);
    expect(twoModels.seconds).toBeCloseTo(2 * tSeconds + expandSweep(sweep([{ field: 'transformer.seed', values: [0, 1] }, { field: 'saes.k', values: [2, 4] }])).reduce((s, c) => s + cellSeconds(c), 0), 6);
    expect(one.peakBytes).toBeGreaterThan(0);
    expect(describeEstimate(four)).toMatch(/^4 cells \(1 transformer\), about .*, peak memory \d+ MiB$/);
  });

  it('is calibrated on the measured fast-preset run (1,500 steps of p = 113 in ~2,600 s) to within a factor of 2', () => {
    const fast = { ...base.transformer, p: 113, trainFraction: 0.5, dModel: 128, nHeads: 4, dMlp: 512, lr: 1e-3, steps: 1500 };
    expect(transformerSeconds(fast)).toBeGreaterThan(2607 / 2);
    expect(transformerSeconds(fast)).toBeLessThan(2607 * 2);
    expect(transformerSeconds(base.transformer)).toBeGreaterThan(26 / 2); // tiny: 26 s measured
    expect(transformerSeconds(base.transformer)).toBeLessThan(26 * 2);
  });

  it('refuses a sweep over its cell budget or its time budget, saying what to lower', () => {
    const cells = expandSweep(sweep([{ field: 'saes.k', values: [2, 4, 6] }], { maxCells: 2 }));
    const e = estimateSweep(cells);
    expect(() => checkSweepBudget(e, { maxCells: 2, maxHours: 48 })).toThrow(SpecError);
    expect(() => checkSweepBudget(e, { maxCells: 2, maxHours: 48 })).toThrow(/3 cells, over its budget of 2 \(sweep.budget.maxCells\)/);
    expect(() => checkSweepBudget(e, { maxCells: 3, maxHours: e.seconds / 3600 / 2 })).toThrow(/would take about .* over its budget .*maxHours.*fewer cells/);
    expect(() => checkSweepBudget(e, { maxCells: 3, maxHours: 1 })).not.toThrow();
  });
});

describe('sharding', () => {
  it('covers every cell exactly once for every shard count', () => {
    const items = Array.from({ length: 23 }, (_, index) => ({ index }));
    for (const count of [1, 2, 3, 4, 7, 23, 30]) {
      const seen = new Map<number, number>();
      for (let i = 0; i < count; i++) for (const c of shardItems(items, { index: i, count })) seen.set(c.index, (seen.get(c.index) ?? 0) + 1);
      expect(seen.size).toBe(23);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
    }
    expect(shardItems(items, { index: 1, count: 4 }).map((c) => c.index)).toEqual([1, 5, 9, 13, 17, 21]);
  });

  it('parses i/N and refuses malformed or out-of-range shards', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    for (const bad of ['5/5', '1', '-1/3', 'a/b', '0/0', '1/2/3']) expect(() => parseShard(bad)).toThrow(SpecError);
  });

  it('reads Slurm job arrays and Kubernetes Indexed Jobs from the environment', () => {
    expect(shardFromEnv({})).toBeNull();
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 3, count: 4 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '6', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '5', SLURM_ARRAY_TASK_MAX: '8' })).toEqual({ index: 1, count: 4 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '0', JOB_COMPLETIONS: '2' })).toEqual({ index: 0, count: 2 });
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '1' })).toThrow(/SLURM_ARRAY_TASK_COUNT is not/);
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '4' })).toThrow(/gaps or a step/);
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '1' })).toThrow(/JOB_COMPLETIONS/);
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '2', JOB_COMPLETIONS: '2' })).toThrow(/from 0 to 1/);
  });
});
