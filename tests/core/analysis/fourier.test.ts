import { describe, expect, it } from 'vitest';
import { embeddingSpectrum, fourierBasis, keyFrequencies } from '../../../src/core/analysis/fourier.ts';
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
});
