import { describe, expect, it } from 'vitest';
import { Rng, RngStream } from '../../../src/core/rng.ts';
import { blockShares } from '../../../src/core/analysis/fourierUnits.ts';
import { type ModelReadout, clampSelection, detailOf, snapshotOf } from '../../../src/core/experiment/fourierSnapshot.ts';

/**
 * A hand-built readout with known answers (p = 11, 5 frequencies):
 * - W_E: columns A·cos(3), A·sin(3), B·cos(5) of x; the '=' row is huge and must be ignored.
 * - MLP neurons: 0 = cos(w2 (a+b)), 1 = cos(w2 a) + sin(w2 b), 2 = constant, 3 = noise, 4 = cos(w4 a).
 * - heads: 0 attends (0.5, 0.25, 0.25) everywhere; 1 attends (a/(p-1), 1 - a/(p-1), 0).
 * - logits[g, c] = C·cos(w3 (a + b - c)): a pure frequency-3 algorithm.
 */
const p = 11;
const P = p * p;
const [A, B, C] = [2, 0.3, 4];
const w = (k: number) => (2 * Math.PI * k) / p;

function readout(): ModelReadout {
  const dModel = 4;
  const dMlp = 5;
  const nHeads = 2;
  const WE = new Float32Array((p + 1) * dModel);
  for (let x = 0; x < p; x++) WE.set([A * Math.cos(w(3) * x), A * Math.sin(w(3) * x), B * Math.cos(w(5) * x), 0], x * dModel);
  WE.fill(1000, p * dModel);
  const rng = new Rng(7, RngStream.random);
  const mlp = new Float32Array(P * dMlp);
  const pattern = new Float32Array(P * nHeads * 3);
  const logits = new Float32Array(P * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const g = a * p + b;
      mlp.set([Math.cos(w(2) * (a + b)), Math.cos(w(2) * a) + Math.sin(w(2) * b), 0.7, rng.normal(), Math.cos(w(4) * a)], g * dMlp);
      pattern.set([0.5, 0.25, 0.25, a / (p - 1), 1 - a / (p - 1), 0], g * nHeads * 3);
      for (let c = 0; c < p; c++) logits[g * p + c] = C * Math.cos(w(3) * (a + b - c));
    }
  }
  const trainIdx = Int32Array.from({ length: 80 }, (_, i) => i);
  const testIdx = Int32Array.from({ length: P - 80 }, (_, i) => 80 + i);
  return { step: 42, p, dModel, dMlp, nHeads, layer: 0, WE, mlp, pattern, logits, trainIdx, testIdx };
}

describe('snapshotOf (the Fourier section numbers from plain arrays)', () => {
  const s = snapshotOf(readout(), 3);

  it('finds the planted embedding frequency and its share of ||W_E[0:p]||² (the = row excluded)', () => {
    // A pure cos/sin column of amplitude A over Z_p holds A²p/2, all at its frequency.
    const key = A * A * p;
    const minor = (B * B * p) / 2;
    expect(s.keyFrequencies).toEqual([3]);
    expect(s.embeddingNorms[2]).toBeCloseTo(key, 3);
    expect(s.embeddingNorms[4]).toBeCloseTo(minor, 4);
    expect(s.embeddingTotal).toBeCloseTo(key + minor, 3);
    expect(s.keyFraction).toBeCloseTo(key / (key + minor), 5);
  });

  it('groups neurons by frequency, and keeps noise and constant neurons apart', () => {
    expect(s.clusters).toEqual([{ frequency: 2, units: [0, 1] }, { frequency: 4, units: [4] }]);
    expect(s.other).toEqual([3]);
    expect(s.constant).toEqual([2]);
    expect(s.dominant.slice(0, 2)).toEqual([2, 2]);
    expect(s.dominantFraction[0]).toBeCloseTo(1, 5);
    expect(s.dominantFraction[3]).toBeLessThan(0.85);
    // The planted key frequency 3 has no neuron cluster while the neurons cluster on 2 and 4: flagged.
    expect(s.harmonics).toEqual([]);
    expect(s.neuronCheck).toMatchObject({ neuronFrequencies: [2, 4], onlyEmbedding: [3], onlyNeurons: [2, 4], agree: false });
  });

  it('averages the attention from = over all inputs, per head', () => {
    expect(s.attention[0].map((x) => Number(x.toFixed(6)))).toEqual([0.5, 0.25, 0.25]);
    expect(s.attention[1][0]).toBeCloseTo(0.5, 6);
    expect(s.attention[1][1]).toBeCloseTo(0.5, 6);
  });

  it('restricted loss keeps a pure key-frequency algorithm whole; excluded loss leaves uniform logits (ln p)', () => {
    // Every input sees logits C·cos(w3 j) around its label (j = 0 at the label).
    let z = 0;
    for (let j = 0; j < p; j++) z += Math.exp(C * Math.cos(w(3) * j));
    expect(s.restrictedLoss).toBeCloseTo(Math.log(z) - C, 4);
    expect(s.excludedLoss).toBeCloseTo(Math.log(p), 4);
    expect(s.step).toBe(42);
  });
});

describe('detailOf (one neuron and one head in full)', () => {
  const r = readout();
  const n = (p - 1) / 2 + 1;

  it('returns the neuron over the p × p grid and its 2-D spectrum as shares of its energy', () => {
    const d = detailOf(r, { neuron: 0, head: 1 });
    expect(d.activation[3 * p + 5]).toBeCloseTo(Math.cos(w(2) * 8), 6);
    expect(d.spectrum.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
    expect(d.spectrum[2 * n + 2]).toBeCloseTo(1, 5); // cos(w2 (a+b)) lives in the (2, 2) block only
    expect(d.dominant).toBe(2);
    expect(d.fractions[1]).toBeCloseTo(1, 5);
    expect(d.attentionToA[7 * p + 1]).toBeCloseTo(7 / (p - 1), 6);

    const a4 = detailOf(r, { neuron: 4, head: 0 });
    expect(a4.spectrum[4 * n]).toBeCloseTo(1, 5); // cos(w4 a): frequency 4 of a, constant in b
    expect(a4.attentionToA.every((x) => Math.abs(x - 0.5) < 1e-6)).toBe(true);
  });

  it('brings an out-of-range selection into range and gives a constant neuron an empty spectrum', () => {
    expect(clampSelection({ neuron: 99, head: -1 }, 5, 2)).toEqual({ neuron: 4, head: 0 });
    expect(clampSelection({ neuron: 1.5, head: 1 }, 5, 2)).toEqual({ neuron: 0, head: 1 });
    const d = detailOf(r, { neuron: 2, head: 0 });
    expect(d.dominant).toBe(0);
    expect(d.spectrum.every((x) => x === 0)).toBe(true);
    expect(blockShares(new Float64Array(p * p), p, 0)).toHaveLength(n * n);
  });
});
