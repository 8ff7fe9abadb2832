/**
 * Fourier analysis of the modular-addition transformer in token space (SCIENCE.md §2): the orthonormal Fourier basis
 * over Z_p and the embedding's spectrum with its key frequencies.
 */

export interface FourierBasis {
  p: number;
  /** (p - 1) / 2: frequencies k = 1..nFreq. */
  nFreq: number;
  /** [p, p] orthonormal rows: row 0 = 1/sqrt(p); row 2k-1 = sqrt(2/p) cos(2πkx/p); row 2k = sqrt(2/p) sin(2πkx/p). */
  matrix: Float64Array;
  /** One label per row: 'const', 'cos 1', 'sin 1', ... */
  labels: string[];
}

/** The frequency k a basis row belongs to (0 for the constant row). */
export const frequencyOfRow = (row: number): number => Math.ceil(row / 2);

export function fourierBasis(p: number): FourierBasis {
  if (!Number.isInteger(p) || p < 3 || p % 2 === 0) throw new Error(`the Fourier basis here needs an odd p >= 3, got ${p}`);
  const nFreq = (p - 1) / 2;
  const matrix = new Float64Array(p * p);
  const labels = ['const'];
  for (let x = 0; x < p; x++) matrix[x] = 1 / Math.sqrt(p);
  const scale = Math.sqrt(2 / p);
  for (let k = 1; k <= nFreq; k++) {
    for (let x = 0; x < p; x++) {
      const angle = (2 * Math.PI * k * x) / p;
      matrix[(2 * k - 1) * p + x] = scale * Math.cos(angle);
      matrix[2 * k * p + x] = scale * Math.sin(angle);
    }
    labels.push(`cos ${k}`, `sin ${k}`);
  }
  return { p, nFreq, matrix, labels };
}

/**
 * Key-frequency rule. A frequency is key when its norm stands out from the bulk of frequencies AND holds more than
 * its uniform share of the non-constant energy:
 *   norm_k >= medianMultiple * median_k(norm)   and   norm_k >= minUniformShare * (sum_k norm_k) / nFreq.
 * Why these two: for an untrained embedding (i.i.d. Gaussian entries) every frequency norm is a scaled chi-square
 * with 2d degrees of freedom, so max/median stays near 1 (about 1.2 for d = 128, 1.45 for d = 32, 1.9 for d = 8);
 * 4x the median is never reached by chance, yet a grokked model's key frequencies sit 10-1000x above it. The median
 * alone fails late in training, when weight decay has shrunk every other frequency towards 0 and any residue is many
 * medians high; the uniform-share test rejects those (they hold a tiny share of the energy).
 */
export interface KeyFrequencyRule {
  medianMultiple: number;
  minUniformShare: number;
}

export const DEFAULT_KEY_FREQUENCY_RULE: KeyFrequencyRule = { medianMultiple: 4, minUniformShare: 1 };

/** Key frequencies (1-based k, ascending) from norms[k-1], by `rule`. */
export function keyFrequencies(norms: ArrayLike<number>, rule: KeyFrequencyRule = DEFAULT_KEY_FREQUENCY_RULE): number[] {
  const sorted = Float64Array.from(norms).sort();
  const n = sorted.length;
  if (n === 0) return [];
  const median = n % 2 === 1 ? sorted[(n - 1) / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  const uniform = sorted.reduce((s, x) => s + x, 0) / n;
  const keys: number[] = [];
  for (let k = 1; k <= n; k++) {
    const x = norms[k - 1];
    if (x > 0 && x >= rule.medianMultiple * median && x >= rule.minUniformShare * uniform) keys.push(k);
  }
  return keys;
}

export interface EmbeddingSpectrum {
  p: number;
  /** norms[k-1] = ||Ŵ[cos_k]||² + ||Ŵ[sin_k]||² for k = 1..nFreq, with Ŵ = F · W_E[0:p]. */
  norms: Float64Array;
  /** ||Ŵ[const]||²: the part of the embedding shared by every token (p · ||mean token embedding||²). */
  constantNorm: number;
  /** ||W_E[0:p]||² over the p number tokens (the '=' row excluded) = constantNorm + sum(norms) (Parseval). */
  total: number;
  keyFrequencies: number[];
  /** sum of norms over the key frequencies / total (the constant part counts in the total, not as a frequency). */
  keyFraction: number;
}

/** Ŵ = F · M for M [p, cols] (row-major), -> [p, cols]. */
export function fourierTransformRows(basis: FourierBasis, m: ArrayLike<number>, cols: number): Float64Array {
  const { p, matrix } = basis;
  const out = new Float64Array(p * cols);
  for (let r = 0; r < p; r++) {
    for (let x = 0; x < p; x++) {
      const f = matrix[r * p + x];
      for (let c = 0; c < cols; c++) out[r * cols + c] += f * m[x * cols + c];
    }
  }
  return out;
}

/**
 * The embedding's spectrum: W_E is [rows >= p, d] (TransformerLens layout [p+1, d], row p being '='; only the p number
 * tokens are transformed).
 */
export function embeddingSpectrum(
  WE: ArrayLike<number>, p: number, d: number, rule: KeyFrequencyRule = DEFAULT_KEY_FREQUENCY_RULE,
): EmbeddingSpectrum {
  if (WE.length < p * d) throw new Error(`W_E has ${WE.length} entries, fewer than p x d = ${p * d}`);
  const basis = fourierBasis(p);
  const hat = fourierTransformRows(basis, WE, d); // [p, d]
  const rowEnergy = (r: number) => {
    let s = 0;
    for (let c = 0; c < d; c++) s += hat[r * d + c] ** 2;
    return s;
  };
  const norms = Float64Array.from({ length: basis.nFreq }, (_, i) => rowEnergy(2 * i + 1) + rowEnergy(2 * i + 2));
  const constantNorm = rowEnergy(0);
  const total = norms.reduce((s, x) => s + x, constantNorm);
  const keys = keyFrequencies(norms, rule);
  const keyEnergy = keys.reduce((s, k) => s + norms[k - 1], 0);
  return { p, norms, constantNorm, total, keyFrequencies: keys, keyFraction: total > 0 ? keyEnergy / total : 0 };
}
