import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/core/io/csv.ts';
import { initialSaes } from '../../src/store/saeSlice.ts';
import { initialStability } from '../../src/store/stabilitySlice.ts';
import { initialTransformer } from '../../src/store/transformerSlice.ts';
import { saeMetrics, stabilityMetrics, transformerMetrics } from '../../src/store/metricsTables.ts';
import type { SaeMetrics } from '../../src/core/sae/metrics.ts';
import type { StabilitySnapshot } from '../../src/worker/saeMessages.ts';

const seedRow = (seed: number, fvu: number) => ({
  seed, mse: fvu / 10, fvu, explainedVariance: 1 - fvu, l0: 8, deadFraction: 0, deadWindowFraction: 0, firing: { edges: [], counts: [], dead: 0 },
});

describe('section numbers as CSV and JSON', () => {
  it('are absent before a run reports anything', () => {
    expect(transformerMetrics(initialTransformer())).toBeNull();
    expect(saeMetrics(initialSaes())).toBeNull();
    expect(stabilityMetrics(initialStability(), initialSaes())).toBeNull();
  });

  it('write one transformer row per evaluation with its fields, and the spec in the JSON', () => {
    const t = { ...initialTransformer(), metrics: [{ step: 0, trainLoss: 3.1, testLoss: 3.2, trainAcc: 0.05, testAcc: 0.04, lr: 0 }, { step: 10, trainLoss: 1, testLoss: 2, trainAcc: 0.5, testAcc: 0.25, lr: 1e-3 }] };
    const out = transformerMetrics(t)!;
    expect(toCsv(out.csv)).toBe('step,trainLoss,testLoss,trainAcc,testAcc,lr\r\n0,3.1,3.2,0.05,0.04,0\r\n10,1,2,0.5,0.25,0.001\r\n');
    expect(out.json).toMatchObject({ kind: 'sae-stability-lab/transformer-metrics', transformer: null, metrics: t.metrics });
  });

  it('write one SAE row per evaluation and seed', () => {
    const m: SaeMetrics = { step: 5, totalSteps: 10, epoch: 0.5, l1: 0, seeds: [seedRow(42, 0.2), seedRow(7, 0.3)] };
    const out = saeMetrics({ ...initialSaes(), metrics: [m] })!;
    expect(out.csv.rows).toEqual([[5, 0.5, 0, 42, 0.02, 0.2, 0.8, 8, 0, 0], [5, 0.5, 0, 7, 0.03, 0.3, 0.7, 8, 0, 0]]);
  });

  it('write stability in long form: the curve, then mean, std and every ordered seed pair of each measure', () => {
    const matrix = [[1, 0.4, 0.5], [0.4, 1, 0.6], [0.5, 0.6, 1]];
    const stat = { matrix, mean: 0.5, std: 0.1 };
    const snap: StabilitySnapshot = {
      phase: 'final', step: 18, seeds: [1, 2, 3], pwmccMax: stat, pwmccOneToOne: null, sharedFraction: null, sharedThreshold: 0.7,
      stableLatents: { perSeed: [0, 0, 0], threshold: 0.3, n: 4 }, bestMatchHistogram: { edges: [], counts: [], total: 0 }, elapsedMs: 1,
    };
    const st = { ...initialStability(), history: [{ step: 0, mean: 0.3, std: 0.01 }], latest: snap };
    const rows = stabilityMetrics(st, initialSaes())!.csv.rows;
    expect(rows.slice(0, 2)).toEqual([['over training', 0, 'pwmccMax', 'mean', '', 0.3], ['over training', 0, 'pwmccMax', 'std', '', 0.01]]);
    const pairs = rows.filter((r) => r[0] === 'final' && r[4] !== '');
    expect(pairs).toHaveLength(6);
    expect(pairs).toContainEqual(['final', 18, 'pwmccMax', 2, 3, 0.6]);
  });
});
