import { describe, expect, it } from 'vitest';
import type { StabilityReport } from '../../src/core/experiment/analyze.ts';
import { type StabilityState, clearedStability, initialStability, stabilityExport, stabilityReceive } from '../../src/store/stabilitySlice.ts';
import { chanceMargin, pairValues, stabilityVerdict } from '../../src/store/stabilityVerdict.ts';
import type { StabilityBaseline, StabilitySnapshot, StabilityUpdate } from '../../src/worker/saeMessages.ts';

/** A symmetric N × N matrix with 1 on the diagonal and `pairs` above it, row by row. */
function matrix(n: number, pairs: number[]): number[][] {
  const m = Array.from({ length: n }, (_, a) => Array.from({ length: n }, (_, b) => (a === b ? 1 : NaN)));
  let k = 0;
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) m[a][b] = m[b][a] = pairs[k++];
  return m;
}

function snapshot(phase: StabilitySnapshot['phase'], step: number, pairs: number[], threshold = 0.7): StabilitySnapshot {
  const mean = pairs.reduce((s, v) => s + v, 0) / pairs.length;
  const std = Math.sqrt(pairs.reduce((s, v) => s + (v - mean) ** 2, 0) / pairs.length);
  const stat = { matrix: matrix(3, pairs), mean, std };
  const full = phase !== 'live';
  return {
    phase, step, seeds: [1, 2, 3], pwmccMax: stat, pwmccOneToOne: full ? stat : null, sharedFraction: full ? stat : null,
    sharedThreshold: threshold, stableLatents: { perSeed: [1, 2, 3], threshold: 0.6, n: 128 },
    bestMatchHistogram: { edges: [0, 1], counts: [384], total: 384 }, elapsedMs: 1,
  };
}

const baseline: StabilityBaseline = {
  d: 32, n: 128, pwmccMax: { mean: 0.48, std: 0.005 }, pwmccOneToOne: { mean: 0.46, std: 0.004 }, bestMatchThreshold: 0.63,
  bestMatchHistogram: { edges: [0, 1], counts: [256], total: 256 },
};

const activations = { rows: 529, d: 32, participationRatio: 4.1, dims90: 4, dims95: 6, dims99: 13 };

const message = (runId: number, update: StabilityUpdate) => ({ type: 'stability' as const, section: 'stability' as const, runId, update });

describe('stabilityReceive (analyses of one SAE run folded into the section)', () => {
  it('draws the untrained value at step 0, then one point per live update, and the final one replaces its step', () => {
    let s: StabilityState = clearedStability(initialStability(), 5);
    s = stabilityReceive(s, message(5, { kind: 'baseline', baseline, initial: snapshot('initial', 0, [0.48, 0.47, 0.49]), activations }));
    expect(s.activations).toBe(activations);
    s = stabilityReceive(s, message(5, { kind: 'live', snapshot: snapshot('live', 50, [0.5, 0.5, 0.5]) }));
    s = stabilityReceive(s, message(5, { kind: 'live', snapshot: snapshot('live', 100, [0.6, 0.6, 0.6]) }));
    expect(s.history.map((p) => [p.step, p.mean])).toEqual([[0, 0.48], [50, 0.5], [100, 0.6]]);
    const report = {} as StabilityReport;
    s = stabilityReceive(s, message(5, { kind: 'final', snapshot: snapshot('final', 100, [0.75, 0.75, 0.75]), initial: s.initial!, report }));
    expect(s.history.map((p) => [p.step, p.mean])).toEqual([[0, 0.48], [50, 0.5], [100, 0.75]]);
    expect(s.report).toBe(report);
    expect(s.latest?.phase).toBe('final');
  });

  it('stays "computing" while the final analysis is for a threshold the user has since changed', () => {
    let s: StabilityState = { ...clearedStability(initialStability(), 2), sharedThreshold: 0.8, computing: true };
    const initial = snapshot('initial', 0, [0.5, 0.5, 0.5]);
    s = stabilityReceive(s, message(2, { kind: 'final', snapshot: snapshot('final', 9, [0.6, 0.6, 0.6], 0.7), initial, report: {} as StabilityReport }));
    expect(s.computing).toBe(true);
    s = stabilityReceive(s, message(2, { kind: 'final', snapshot: snapshot('final', 9, [0.6, 0.6, 0.6], 0.8), initial, report: {} as StabilityReport }));
    expect(s.computing).toBe(false);
  });

  it('ignores analyses of another SAE run; the export exists only once there is a final report', () => {
    const s = clearedStability(initialStability(), 4);
    expect(stabilityReceive(s, message(3, { kind: 'live', snapshot: snapshot('live', 1, [0.5, 0.5, 0.5]) }))).toBe(s);
    expect(stabilityExport(s, null, null)).toBeNull();
  });
});

describe('stabilityVerdict (trained SAEs against the strongest null; isotropic chance alone while training)', () => {
  const initial = snapshot('initial', 0, [0.48, 0.48, 0.48]);
  const margin = chanceMargin(baseline); // max(0.01, 3 × 0.005) = 0.015

  it('beats chance only when every seed pair clears the random mean by the margin', () => {
    expect(margin).toBeCloseTo(0.015, 12);
    const v = stabilityVerdict(snapshot('final', 9, [0.52, 0.6, 0.56]), baseline, initial)!;
    expect(v.kind).toBe('beats');
    expect(v.gap).toBeCloseTo(0.56 - 0.48, 12);
    expect(v.headline).toBe('Trained SAEs beat chance by +0.080');
    expect(v.detail).toContain('+0.080 above isotropic chance (0.480) — 16 × its spread ± 0.005');
    expect(v.detail).toContain('Untrained SAEs: 0.480');
    expect(v.detail).toContain('the nulls that respect the activations come when training ends');
    expect(v.isotropicOnly).toBe(true);
    expect(v.scale).toEqual({ spread: 0.005, units: expect.closeTo(16, 9), margin: 0.015 });
    expect(stabilityVerdict(snapshot('final', 9, [0.494, 0.6, 0.56]), baseline, initial)!.kind).toBe('mixed');
  });

  it('calls scores within the margin of random indistinguishable, and says when it is only so far', () => {
    const v = stabilityVerdict(snapshot('live', 40, [0.49, 0.485, 0.47]), baseline, initial)!;
    expect(v.kind).toBe('chance');
    expect(v.headline).toBe('Indistinguishable from random — so far, at step 40');
    expect(stabilityVerdict(snapshot('final', 9, [0.4, 0.41, 0.42]), baseline, initial)!.kind).toBe('below');
  });

  it('after training, reads the final report\'s verdict against the strongest null', async () => {
    const level = (mean: number, std: number) => ({ mean, std });
    const nulls = {
      isotropic: { pwmccMax: level(0.48, 0.005), pwmccOneToOne: level(0.46, 0.004), label: 'isotropic chance' },
      subspace: { pwmccMax: level(0.6, 0.004), pwmccOneToOne: level(0.58, 0.004), label: 'dictionaries confined to the same 13-dimensional subspace' },
    };
    const { judgeStability } = await import('../../src/core/analysis/nullVerdict.ts');
    const final = snapshot('final', 9, [0.55, 0.56, 0.57]);
    const verdict = judgeStability({ pwmccMax: final.pwmccMax, pwmccOneToOne: final.pwmccOneToOne }, nulls)!;
    const v = stabilityVerdict(final, baseline, initial, { verdict } as StabilityReport)!;
    expect(v.against).toBe('subspace');
    expect(v.kind).toBe('below');
    expect(v.headline).toBe('No better than dictionaries confined to the same 13-dimensional subspace (−0.040)');
    expect(v.detail).toContain('+0.080 above isotropic chance (0.480), but 0.040 below dictionaries confined to the same 13-dimensional subspace (0.600 ± 0.004)');
    expect(v.isotropicOnly).toBe(false);
    // A live snapshot is judged against isotropic chance only, whatever report is around.
    expect(stabilityVerdict(snapshot('live', 5, [0.55, 0.56, 0.57]), baseline, initial, { verdict } as StabilityReport)!.against).toBe('isotropic');
  });

  it('reads the pairs above the diagonal', () => {
    expect(pairValues(matrix(3, [0.1, 0.2, 0.3]))).toEqual([0.1, 0.2, 0.3]);
  });
});
