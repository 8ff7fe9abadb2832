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
 * Key-frequency rule, in two steps.
 *
 * 1. Candidates: frequencies whose norm stands out from the bulk AND holds more than its uniform share of the
 *    non-constant energy: norm_k >= medianMultiple * median_k(norm) and norm_k >= minUniformShare * (sum_k norm_k) / nFreq.
 *    For an untrained embedding (i.i.d. Gaussian entries) every frequency norm is a scaled chi-square with 2d degrees of
 *    freedom, so max/median stays near 1 (about 1.2 for d = 128, 1.45 for d = 32, 1.9 for d = 8); 4x the median is
 *    never reached by chance, yet a grokked model's key frequencies sit 10-1000x above it. The median alone fails late
 *    in training, when weight decay has shrunk every other frequency towards 0 and any residue is many medians high;
 *    the uniform-share test rejects those (they hold a tiny share of the energy).
 * 2. Harmonics out: a candidate h that is a low harmonic of a stronger key frequency k (h ≡ ±m·k mod p, folded to
 *    1..(p-1)/2, m = 2..maxHarmonic) is a by-product of k (the embedding of k is not a perfect circle), not a frequency
 *    the model computes with, unless it is strong on its own: norm_h >= harmonicKeepRatio * norm_k. Only low orders
 *    are suspects: p is prime, so every frequency is SOME multiple of k, and a multiple proves nothing by itself. A
 *    by-product is much weaker than its fundamental: on the lab's grokked p = 113 model 34 = 2·17 holds 0.13 of 17's
 *    norm and no MLP neuron clusters on it, while 53 ≡ −2·30 holds 0.40 of 30's and has a neuron cluster of its own
 *    (on the paper checkpoint step 1 alone admitted 2k of two key frequencies, together ~0.06 of ||W_E||² where the
 *    key frequencies hold ~0.8). A quarter of the fundamental's norm lies between the two; a genuine key frequency
 *    that sits at ±2k or ±3k and is about as strong as the others (42 = 3·14 in the paper's main run) stays.
 */
export interface KeyFrequencyRule {
  medianMultiple: number;
  minUniformShare: number;
  /** Highest harmonic order m checked (2k, 3k, …, m·k); below 2: no harmonic check. */
  maxHarmonic: number;
  /** A harmonic of a stronger key frequency stays key when its norm is at least this share of its fundamental's. */
  harmonicKeepRatio: number;
}

export const DEFAULT_KEY_FREQUENCY_RULE: KeyFrequencyRule = { medianMultiple: 4, minUniformShare: 1, maxHarmonic: 3, harmonicKeepRatio: 0.25 };

/** The order m in 2..maxOrder with h ≡ ±m·k (mod p), the smallest such; 0 when there is none. */
export function harmonicOrder(h: number, k: number, p: number, maxOrder: number): number {
  for (let m = 2; m <= maxOrder; m++) {
    const r = (m * k) % p;
    if (r === h || p - r === h) return m;
  }
  return 0;
}

/** A candidate left out as a harmonic: `frequency` ≡ ±order·`of` (mod p), at `ratio` of its fundamental's norm. */
export interface ExcludedHarmonic {
  frequency: number;
  of: number;
  order: number;
  ratio: number;
}

/** Key frequencies (1-based k, ascending) from norms[k-1] (k = 1..(p-1)/2), and the candidates left out as harmonics. */
export function selectKeyFrequencies(norms: ArrayLike<number>, rule: KeyFrequencyRule = DEFAULT_KEY_FREQUENCY_RULE): { keys: number[]; harmonics: ExcludedHarmonic[] } {
  const sorted = Float64Array.from(norms).sort();
  const n = sorted.length;
  if (n === 0) return { keys: [], harmonics: [] };
  const p = 2 * n + 1;
  const median = n % 2 === 1 ? sorted[(n - 1) / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  const uniform = sorted.reduce((s, x) => s + x, 0) / n;
  const candidates: number[] = [];
  for (let k = 1; k <= n; k++) {
    const x = norms[k - 1];
    if (x > 0 && x >= rule.medianMultiple * median && x >= rule.minUniformShare * uniform) candidates.push(k);
  }
  candidates.sort((a, b) => norms[b - 1] - norms[a - 1] || a - b); // strongest first: fundamentals come before their harmonics
  const keys: number[] = [];
  const harmonics: ExcludedHarmonic[] = [];
  for (const h of candidates) {
    const fundamental = keys.find((k) => norms[k - 1] > norms[h - 1] && harmonicOrder(h, k, p, rule.maxHarmonic) > 0
      && norms[h - 1] < rule.harmonicKeepRatio * norms[k - 1]);
    if (fundamental === undefined) keys.push(h);
    else harmonics.push({ frequency: h, of: fundamental, order: harmonicOrder(h, fundamental, p, rule.maxHarmonic), ratio: norms[h - 1] / norms[fundamental - 1] });
  }
  return { keys: keys.sort((a, b) => a - b), harmonics: harmonics.sort((a, b) => a.frequency - b.frequency) };
}

/** Key frequencies (1-based k, ascending) from norms[k-1], by `rule`. */
export function keyFrequencies(norms: ArrayLike<number>, rule: KeyFrequencyRule = DEFAULT_KEY_FREQUENCY_RULE): number[] {
  return selectKeyFrequencies(norms, rule).keys;
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
  /** Candidates left out as low harmonics of a stronger key frequency (selectKeyFrequencies). */
  harmonics: ExcludedHarmonic[];
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
  const { keys, harmonics } = selectKeyFrequencies(norms, rule);
  const keyEnergy = keys.reduce((s, k) => s + norms[k - 1], 0);
  return { p, norms, constantNorm, total, keyFrequencies: keys, harmonics, keyFraction: total > 0 ? keyEnergy / total : 0 };
}
