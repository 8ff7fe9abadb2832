import { describe, expect, it } from 'vitest';
import { type FourierState, fourierFor, fourierReceive, fourierVerdict, initialFourier } from '../../src/store/fourierSlice.ts';
import { checkKeyFrequencies } from '../../src/core/analysis/fourierUnits.ts';
import type { FourierDetail, FourierSnapshot } from '../../src/core/experiment/fourierViews.ts';

function snapshot(step: number, keyFrequencies: number[], keyFraction: number): FourierSnapshot {
  const clusters = [{ frequency: 3, units: [1, 2, 3] }, { frequency: 8, units: [4, 5, 6] }, { frequency: 11, units: [7] }];
  return {
    step, p: 23, layer: 0, dMlp: 128, nHeads: 4,
    embeddingNorms: new Array(11).fill(1), embeddingConstant: 0, embeddingTotal: 11, keyFrequencies, keyFraction,
    harmonics: [], neuronCheck: checkKeyFrequencies(keyFrequencies, clusters, 128),
    dominant: [], dominantFraction: [],
    clusters,
    other: [], constant: [], clusterThreshold: 0.85,
    attention: [[0.4, 0.4, 0.2]], restrictedLoss: 1 / (step + 1), excludedLoss: 3, elapsedMs: 5,
  };
}

const detail = (step: number, neuron: number): FourierDetail => ({
  step, p: 23, neuron, activation: [], spectrum: [], fractions: [], dominant: 0, dominantFraction: 0, head: 0, attentionToA: [],
});

const shot = (runId: number, step: number, keys: number[] = [], fraction = 0) =>
  ({ type: 'snapshot', section: 'fourier', runId, snapshot: snapshot(step, keys, fraction), detail: detail(step, 0) }) as const;

describe('fourierReceive (analyses folded into the section state)', () => {
  it('keeps the latest snapshot and a curve point per step; a repeated step replaces its point', () => {
    let s = initialFourier();
    s = fourierReceive(s, shot(2, 0), 2);
    s = fourierReceive(s, shot(2, 20), 2);
    s = fourierReceive(s, shot(2, 20, [8], 0.6), 2);
    s = fourierReceive(s, shot(2, 10), 2); // late and older: ignored by the curve
    expect(s.runId).toBe(2);
    expect(s.history.map((h) => [h.step, h.keyFrequencies])).toEqual([[0, []], [20, [8]]]);
    expect(s.snapshot?.step).toBe(10);
  });

  it('drops analyses of any run but the current one, and starts afresh (keeping the selection) for a new run', () => {
    let s: FourierState = { ...initialFourier(), selection: { neuron: 12, head: 3 } };
    s = fourierReceive(s, shot(1, 40), 1);
    const stale = fourierReceive(s, shot(0, 50), 1);
    expect(stale).toBe(s);
    const fresh = fourierReceive(s, shot(2, 0), 2);
    expect(fresh.history.map((h) => h.step)).toEqual([0]);
    expect(fresh.selection).toEqual({ neuron: 12, head: 3 });
    // Before the new run reports, the page shows nothing of the old one.
    expect(fourierFor(s, 2).snapshot).toBeNull();
    expect(fourierFor(s, 1)).toBe(s);
  });

  it('takes a detail reply and a Fourier error of the current run only', () => {
    let s = fourierReceive(initialFourier(), shot(1, 0), 1);
    s = fourierReceive(s, { type: 'detail', section: 'fourier', runId: 1, detail: detail(0, 77) }, 1);
    expect(s.detail?.neuron).toBe(77);
    s = fourierReceive(s, { type: 'error', section: 'fourier', runId: 1, message: 'boom' }, 1);
    expect(s.error).toBe('boom');
    expect(fourierReceive(s, { type: 'error', section: 'transformer', runId: 1, message: 'other' }, 1)).toBe(s);
  });
});

describe('fourierVerdict (the answer in words)', () => {
  it('says "does not (yet)" without key frequencies, names them with their share otherwise', () => {
    expect(fourierVerdict(null).tone).toBe('none');
    expect(fourierVerdict(snapshot(60, [], 0)).headline).toBe('It does not (yet): no key frequencies');
    const forming = fourierVerdict(snapshot(80, [11], 0.26));
    expect(forming.tone).toBe('forming');
    expect(forming.headline).toBe('This transformer uses Fourier features k = 11, holding 26% of the embedding');
    const grokked = fourierVerdict(snapshot(900, [3, 8], 0.874));
    expect(grokked.tone).toBe('yes');
    expect(grokked.headline).toBe('This transformer uses Fourier features k = 3, 8, holding 87% of the embedding');
    expect(grokked.detail).toContain('6 of 128 MLP neurons'); // clusters at k = 3 (3) and 8 (3); k = 11 is not key
    expect(grokked.detail).toContain('The MLP neurons cluster on the same frequencies as the embedding: 3, 8.'); // 11: one neuron, < 2 %
  });

  it('flags key frequencies the neurons do not cluster on, and names the harmonics left out', () => {
    // 6 = 2·3 kept (strong on its own) but no neuron cluster on it; 9 = 3·3 left out as a weak harmonic.
    const v = fourierVerdict({ ...snapshot(900, [3, 6, 8], 0.9), harmonics: [{ frequency: 9, of: 3, order: 3, ratio: 0.2 }] });
    expect(v.detail).toContain('disagree: only in the embedding 6; only in the neurons none.');
    expect(v.detail).toContain('Left out as harmonics of a stronger key frequency: 9 (3×3).');
  });
});
