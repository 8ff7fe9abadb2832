import { describe, expect, it } from 'vitest';
import {
  crossEntropyOnInputs, excludedLoss, excludedLogits, restrictedLogits, restrictedLoss, sumFrequencyProjection,
} from '../../../src/core/analysis/progressMeasures.ts';
import { Rng } from '../../../src/core/rng.ts';

const p = 23;
const w = (k: number) => (2 * Math.PI * k) / p;
const allInputs = Int32Array.from({ length: p * p }, (_, g) => g);

/** The ideal Fourier-algorithm logits: logit(c | a, b) = Σ_k α cos(w_k (a + b - c)) (maximal at c = a + b). */
function fourierLogits(freqs: number[], alpha: number): Float64Array {
  const out = new Float64Array(p * p * p);
  for (let g = 0; g < p * p; g++) {
    const s = Math.floor(g / p) + (g % p);
    for (let c = 0; c < p; c++) for (const k of freqs) out[g * p + c] += alpha * Math.cos(w(k) * (s - c));
  }
  return out;
}

describe('crossEntropyOnInputs', () => {
  it('is ln p for flat logits and uses label (a + b) mod p', () => {
    expect(crossEntropyOnInputs(new Float64Array(p * p * p), p, allInputs)).toBeCloseTo(Math.log(p), 12);
    const sharp = new Float64Array(p * p * p);
    for (let g = 0; g < p * p; g++) sharp[g * p + ((Math.floor(g / p) + (g % p)) % p)] = 50;
    expect(crossEntropyOnInputs(sharp, p, allInputs)).toBeLessThan(1e-18);
    expect(crossEntropyOnInputs(sharp.map((x) => x + 1e4), p, allInputs)).toBeLessThan(1e-18); // stable for large logits
  });
});

describe('restricted and excluded loss', () => {
  it('keep all of ideal Fourier logits (restricted = full loss) and leave nothing when excluded (loss ln p)', () => {
    const logits = fourierLogits([3, 8], 4);
    const train = allInputs.filter((g) => g % 3 === 0);
    expect(restrictedLoss(logits, p, [3, 8], train)).toBeCloseTo(crossEntropyOnInputs(logits, p, train), 10);
    expect(excludedLoss(logits, p, [3, 8], train)).toBeCloseTo(Math.log(p), 10);
    // Excluding only one of the two frequencies leaves the other's logits: loss between the two.
    const partly = excludedLoss(logits, p, [3], train);
    expect(partly).toBeGreaterThan(crossEntropyOnInputs(logits, p, train) + 0.1);
    expect(partly).toBeLessThan(Math.log(p) - 0.1);
  });

  it('separate a Fourier signal from memorisation-like noise, and add each output mean back when restricting', () => {
    const rng = new Rng(8);
    const signal = fourierLogits([5], 3);
    const noise = Float64Array.from(rng.normals(p * p * p, 2));
    const logits = signal.map((x, i) => x + noise[i] + (i % p) * 0.1); // output-dependent bias 0.1 c
    const kept = restrictedLogits(logits, p, [5]);
    const removed = excludedLogits(logits, p, [5]);
    kept.forEach((x, i) => expect(x + removed[i]).toBeCloseTo(logits[i] + (logits.length > 0 ? meanOfColumn(logits, i % p) : 0), 9));
    // The projection recovers the planted signal up to the noise's own (small) component at frequency 5.
    const projection = sumFrequencyProjection(logits, p, p, [5]);
    const err = projection.reduce((s, x, i) => s + (x - signal[i]) ** 2, 0) / signal.reduce((s, x) => s + x * x, 0);
    expect(err).toBeLessThan(0.02);
  });

  it('rejects frequencies outside 1..(p-1)/2', () => {
    expect(() => restrictedLoss(new Float64Array(p * p * p), p, [12], allInputs)).toThrow();
    expect(() => restrictedLoss(new Float64Array(p * p * p), p, [0], allInputs)).toThrow();
  });
});

function meanOfColumn(m: Float64Array, c: number): number {
  let s = 0;
  for (let g = 0; g < p * p; g++) s += m[g * p + c];
  return s / (p * p);
}
