import { describe, expect, it } from 'vitest';
import { checkKeyFrequencies, neuronClusters, unitSpectra, unitSpectrum } from '../../../src/core/analysis/fourierUnits.ts';
import { Rng } from '../../../src/core/rng.ts';

const p = 31;
const w = (k: number) => (2 * Math.PI * k) / p;
/** A unit's activation over the grid from f(a, b), row-major in (a, b). */
const grid = (f: (a: number, b: number) => number) => Float64Array.from({ length: p * p }, (_, g) => f(Math.floor(g / p), g % p));

describe('unitSpectrum and unitSpectra', () => {
  it('find a planted cos(2πk(a+b)/p) unit at fraction 1', () => {
    const unit = grid((a, b) => 3 + 2 * Math.cos(w(5) * (a + b) + 0.4));
    const full = unitSpectrum(unit, p);
    const fast = unitSpectra(unit, 1, p);
    expect(full.dominant).toBe(5);
    expect(fast.dominant[0]).toBe(5);
    for (const fractions of [Array.from(full.fractions), Array.from(fast.fractions)]) {
      expect(fractions[4]).toBeCloseTo(1, 6);
      expect(fractions.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 6);
    }
  });

  it('split a two-frequency unit by hand-computed energies and give a cross-frequency product 0', () => {
    // cos(w3 (a+b)) and 0.5 cos(w7 a) have energies p²/2 and p²/8 over the grid: fractions 0.8 and 0.2.
    const mixed = unitSpectrum(grid((a, b) => Math.cos(w(3) * (a + b)) + 0.5 * Math.cos(w(7) * a)), p);
    expect(mixed.fractions[2]).toBeCloseTo(0.8, 9);
    expect(mixed.fractions[6]).toBeCloseTo(0.2, 9);
    expect(mixed.energy).toBeCloseTo((p * p) / 2 + (p * p) / 8, 6);
    // cos(w3 a)·cos(w7 b) lives in rows of frequency 3 and columns of frequency 7: in no block {0, cos_k, sin_k}².
    const cross = unitSpectrum(grid((a, b) => Math.cos(w(3) * a) * Math.cos(w(7) * b)), p);
    expect(Math.max(...cross.fractions)).toBeLessThan(1e-12);
  });

  it('give pure noise ~0 for every frequency (bounded by chance, about 8 / (p² - 1) each)', () => {
    const rng = new Rng(5);
    const nUnits = 20;
    const s = unitSpectra(rng.normals(nUnits * p * p), nUnits, p);
    const mean = s.fractions.reduce((x, y) => x + y, 0) / s.fractions.length;
    expect(mean).toBeCloseTo(8 / (p * p - 1), 2);
    expect(Math.max(...s.fractions)).toBeLessThan(0.05);
    expect(neuronClusters(s).clusters).toEqual([]);
  });

  it('agree between the O(p²) batched form and the full F A Fᵀ, in both layouts', () => {
    const rng = new Rng(6);
    const nUnits = 5;
    const units = new Float32Array(nUnits * p * p);
    for (let u = 0; u < nUnits; u++) {
      const phase = rng.uniform() * 6;
      const k = 1 + rng.int(15);
      units.set(grid((a, b) => Math.max(0, Math.cos(w(k) * (a + b) + phase) + 0.3 * rng.normal() + (u % 2) * Math.sin(w(2) * (a - b)))), u * p * p);
    }
    const transposed = new Float32Array(units.length);
    for (let u = 0; u < nUnits; u++) for (let g = 0; g < p * p; g++) transposed[g * nUnits + u] = units[u * p * p + g];
    const fast = unitSpectra(units, nUnits, p);
    const inputMajor = unitSpectra(transposed, nUnits, p, true);
    for (let u = 0; u < nUnits; u++) {
      const direct = unitSpectrum(units.subarray(u * p * p, (u + 1) * p * p), p);
      direct.fractions.forEach((f, i) => expect(fast.fractions[u * fast.nFreq + i]).toBeCloseTo(f, 5));
      expect(fast.dominant[u]).toBe(direct.dominant);
      expect(inputMajor.fractions.subarray(u * 15, u * 15 + 15)).toEqual(fast.fractions.subarray(u * 15, u * 15 + 15));
    }
  });

  it('leave a dead unit at energy 0 and dominant frequency 0', () => {
    const s = unitSpectra(new Float32Array(p * p), 1, p);
    expect(s.energy[0]).toBe(0);
    expect(s.dominant[0]).toBe(0);
  });
});

describe('neuronClusters', () => {
  it('groups units by dominant frequency at the 0.85 threshold', () => {
    const units = [
      grid((a, b) => Math.cos(w(9) * (a + b))),
      grid((a, b) => Math.sin(w(2) * (a + b))),
      grid((a, b) => Math.cos(w(9) * (a + b) + 1)),
      grid((a, b) => Math.cos(w(9) * (a + b)) + Math.cos(w(4) * (a + b))), // 0.5 / 0.5: in no cluster
    ];
    const acts = new Float64Array(units.length * p * p);
    units.forEach((u, i) => acts.set(u, i * p * p));
    const { clusters, other } = neuronClusters(unitSpectra(acts, units.length, p));
    expect(clusters).toEqual([{ frequency: 2, units: [1] }, { frequency: 9, units: [0, 2] }]);
    expect(other).toEqual([3]);
  });
});

describe('checkKeyFrequencies (embedding key frequencies against the neuron clusters)', () => {
  const cluster = (frequency: number, n: number, start = 0) => ({ frequency, units: Array.from({ length: n }, (_, i) => start + i) });

  it('agrees when every key frequency has a cluster of ≥ 2% of the neurons and no other frequency has one', () => {
    const check = checkKeyFrequencies([6, 23], [cluster(6, 40), cluster(17, 3), cluster(23, 25)], 512); // 3 < 2% of 512
    expect(check.neuronFrequencies).toEqual([6, 23]);
    expect(check.clusterSizes).toEqual([{ frequency: 6, neurons: 40 }, { frequency: 17, neurons: 3 }, { frequency: 23, neurons: 25 }]);
    expect(check.agree).toBe(true);
    expect(check.note).toBe('The MLP neurons cluster on the same frequencies as the embedding: 6, 23.');
  });

  it('flags a key frequency the neurons ignore and a neuron frequency the embedding lacks', () => {
    const check = checkKeyFrequencies([6, 12, 23], [cluster(6, 40), cluster(23, 25), cluster(39, 30)], 512);
    expect(check.agree).toBe(false);
    expect(check.onlyEmbedding).toEqual([12]);
    expect(check.onlyNeurons).toEqual([39]);
    expect(check.note).toMatch(/disagree: only in the embedding 12; only in the neurons 39\.$/);
    expect(checkKeyFrequencies([], [], 128)).toMatchObject({ agree: true, note: 'Neither the embedding nor the MLP neurons single out a frequency.' });
  });
});
