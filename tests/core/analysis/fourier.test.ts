import { describe, expect, it } from 'vitest';
import { DEFAULT_KEY_FREQUENCY_RULE, embeddingSpectrum, fourierBasis, harmonicOrder, keyFrequencies } from '../../../src/core/analysis/fourier.ts';
import { Rng } from '../../../src/core/rng.ts';

/** W_E [p+1, d] with rows x = Σ_k cos(w_k x) u_k + sin(w_k x) v_k (+ noise), u_k, v_k random; returns the planted norms. */
function plantedEmbedding(rng: Rng, p: number, d: number, strengths: Map<number, number>, noise: number) {
  const WE = rng.normals((p + 1) * d, noise);
  const planted = new Map<number, number>();
  for (const [k, strength] of strengths) {
    const u = rng.normals(d, strength);
    const v = rng.normals(d, strength);
    for (let x = 0; x < p; x++) {
      for (let c = 0; c < d; c++) WE[x * d + c] += Math.cos((2 * Math.PI * k * x) / p) * u[c] + Math.sin((2 * Math.PI * k * x) / p) * v[c];
    }
    // Ŵ[cos_k] = sqrt(2/p) Σ_x cos² · u = sqrt(p/2) u, likewise sin: the norm of frequency k is (p/2)(|u|² + |v|²).
    planted.set(k, (p / 2) * [...u, ...v].reduce((s, x) => s + x * x, 0));
  }
  return { WE, planted };
}

describe('fourierBasis', () => {
  it('is orthonormal with the documented rows and labels', () => {
    for (const p of [3, 23, 113]) {
      const { matrix: F, labels, nFreq } = fourierBasis(p);
      expect(nFreq).toBe((p - 1) / 2);
      for (let r = 0; r < p; r++) {
        for (let s = 0; s < p; s++) {
          let dot = 0;
          for (let x = 0; x < p; x++) dot += F[r * p + x] * F[s * p + x];
          expect(Math.abs(dot - (r === s ? 1 : 0))).toBeLessThan(1e-12);
        }
      }
      expect(F[0]).toBeCloseTo(1 / Math.sqrt(p), 14);
      expect(F[2 * p + 1]).toBeCloseTo(Math.sqrt(2 / p) * Math.sin((2 * Math.PI) / p), 14); // sin 1 at x = 1
      expect(labels.slice(0, 3)).toEqual(['const', 'cos 1', 'sin 1']);
    }
    expect(() => fourierBasis(24)).toThrow();
  });
});

describe('embeddingSpectrum', () => {
  it('puts a planted embedding exactly in its frequencies, with hand-computed norms', () => {
    const p = 31;
    const d = 16;
    const { WE, planted } = plantedEmbedding(new Rng(1), p, d, new Map([[4, 1], [11, 0.7]]), 0);
    const s = embeddingSpectrum(WE, p, d);
    s.norms.forEach((norm, i) => expect(norm).toBeCloseTo(planted.get(i + 1) ?? 0, 4)); // W_E is float32
    expect(s.constantNorm).toBeCloseTo(0, 10);
    expect(s.keyFrequencies).toEqual([4, 11]);
    expect(s.keyFraction).toBeCloseTo(1, 10);
  });

  it('detects planted key frequencies under noise and measures their share of ||W_E[0:p]||²', () => {
    const p = 113;
    const d = 128;
    const { WE } = plantedEmbedding(new Rng(2), p, d, new Map([[14, 0.3], [35, 0.25], [41, 0.3], [52, 0.2]]), 0.05);
    const s = embeddingSpectrum(WE, p, d);
    expect(s.keyFrequencies).toEqual([14, 35, 41, 52]);
    let total = 0;
    for (let i = 0; i < p * d; i++) total += WE[i] ** 2; // the '=' row (index p) is left out
    expect(s.total).toBeCloseTo(total, 6);
    const keyEnergy = [14, 35, 41, 52].reduce((sum, k) => sum + s.norms[k - 1], 0);
    expect(s.keyFraction).toBeCloseTo(keyEnergy / total, 10);
    expect(s.keyFraction).toBeGreaterThan(0.8);
  });

  it('finds no key frequency in untrained (i.i.d. Gaussian) embeddings', () => {
    const rng = new Rng(3);
    for (const [p, d] of [[113, 128], [23, 32], [31, 8], [113, 4]]) {
      for (let trial = 0; trial < 5; trial++) {
        expect(embeddingSpectrum(rng.normals((p + 1) * d, 1 / Math.sqrt(d)), p, d).keyFrequencies).toEqual([]);
      }
    }
  });

  it('ignores a residue that towers over a near-zero median but holds less than a uniform share', () => {
    // Late in training: three strong frequencies, one weak leftover (10% of a key's norm), the rest ~0.
    const norms = new Float64Array(15).fill(1e-6);
    norms[2] = norms[6] = norms[9] = 1;
    norms[12] = 0.1;
    expect(keyFrequencies(norms)).toEqual([3, 7, 10]);
    norms[12] = 0.5; // now above its uniform share (3.5 / 15): a real, if weaker, frequency
    expect(keyFrequencies(norms)).toEqual([3, 7, 10, 13]);
  });

  it('keeps only the fundamentals of a planted spectrum with harmonics, and a genuine frequency that sits on 3k', () => {
    const p = 113;
    const d = 128;
    // Fundamentals 14, 35, 41, 52; weak harmonics 28 = 2·14 and 43 ≡ −2·35 (≈ 0.16 of their fundamental's norm);
    // 42 = 3·14 as strong as 14 (a real key frequency, as in the paper's main run).
    const strengths = new Map([[14, 0.3], [35, 0.25], [41, 0.3], [52, 0.2], [28, 0.12], [43, 0.1], [42, 0.3]]);
    const { WE } = plantedEmbedding(new Rng(4), p, d, strengths, 0.05);
    const s = embeddingSpectrum(WE, p, d);
    expect(s.keyFrequencies).toEqual([14, 35, 41, 42, 52]);
    expect(s.harmonics.map((h) => [h.frequency, h.of, h.order])).toEqual([[28, 14, 2], [43, 35, 2]]);
    for (const h of s.harmonics) expect(h.ratio).toBeLessThan(0.3);
    // Without the harmonic step the old rule admits both, and their energy inflates the key fraction.
    const old = keyFrequencies(s.norms, { ...DEFAULT_KEY_FREQUENCY_RULE, maxHarmonic: 1 });
    expect(old).toEqual([14, 28, 35, 41, 42, 43, 52]);
    const fraction = (keys: number[]) => keys.reduce((sum, k) => sum + s.norms[k - 1], 0) / s.total;
    expect(s.keyFraction).toBeCloseTo(fraction([14, 35, 41, 42, 52]), 12);
    expect(fraction(old) - s.keyFraction).toBeGreaterThan(0.02);
  });

  it('folds harmonics into 1..(p−1)/2: h ≡ ±m·k (mod p) for the smallest m up to the order asked', () => {
    expect(harmonicOrder(12, 6, 113, 3)).toBe(2);
    expect(harmonicOrder(46, 23, 113, 3)).toBe(2);
    expect(harmonicOrder(44, 23, 113, 3)).toBe(3); // 3·23 = 69 ≡ −44
    expect(harmonicOrder(10, 41, 113, 3)).toBe(3); // 3·41 = 123 ≡ 10
    expect(harmonicOrder(31, 41, 113, 3)).toBe(2); // 2·41 = 82 ≡ −31
    expect(harmonicOrder(5, 41, 113, 3)).toBe(0);
    expect(harmonicOrder(10, 41, 113, 2)).toBe(0); // order 3 not asked for
  });

  it('drops a weak harmonic only when its fundamental is stronger and key', () => {
    const norms = new Float64Array(56).fill(1e-3); // p = 113
    // As on the lab's grokked p = 113 model: 34 = 2·17 at 0.13 of 17 (no neuron cluster), 53 ≡ −2·30 at 0.40 of 30 (a cluster).
    norms[16] = 10; // k = 17
    norms[33] = 1.3; // 34 = 2·17: a by-product, left out
    norms[29] = 8; // k = 30
    norms[52] = 3.2; // 53 ≡ −2·30: strong on its own evidence, kept
    expect(keyFrequencies(norms)).toEqual([17, 30, 53]);
    norms[16] = 1; // 17 now weaker than 34: 34 is the stronger one, and 17 is no low harmonic of it
    expect(keyFrequencies(norms)).toEqual([17, 30, 34, 53]);
  });
});
