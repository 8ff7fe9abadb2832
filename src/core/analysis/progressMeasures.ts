/**
 * Nanda et al.'s progress measures as pure functions of the logits over all p² inputs (SCIENCE.md §2).
 *
 * Inputs are in the dataset's row-major order (index g = a * p + b, label (a + b) mod p); logits are [p², p].
 * Over the input grid, the functions cos(w_k(a+b)) and sin(w_k(a+b)), w_k = 2πk/p, are orthogonal to each other
 * (for distinct k in 1..(p-1)/2), to the constant, and each has squared norm p²/2. Projecting each output column of
 * the logits onto them keeps exactly the part of the logits that the Fourier algorithm produces at frequencies k.
 * - restricted logits: that projection for the key frequencies, plus each output's mean over inputs (the paper's
 *   bias correction: the mean of original - projection, and the projection has mean 0);
 * - excluded logits: the logits minus that projection.
 * The paper projects the MLP activations and maps them through W_out·W_U; on the logits (the spec here) the result is
 * the same map applied to every path into the logits.
 */

/** The projection [p², m] of per-input values [p², m] onto the cos/sin(w_k(a+b)) directions of the given k. */
export function sumFrequencyProjection(values: ArrayLike<number>, p: number, m: number, frequencies: number[]): Float64Array {
  if (values.length !== p * p * m) throw new Error(`values have ${values.length} entries, expected ${p * p} x ${m}`);
  for (const k of frequencies) {
    if (!Number.isInteger(k) || k < 1 || 2 * k >= p) throw new Error(`frequency ${k} is outside 1..${(p - 1) / 2}`);
  }
  // Every direction depends on (a, b) only through s = (a + b) mod p: sum the values over each anti-diagonal first.
  const bySum = new Float64Array(p * m); // [s, m]
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const s = (a + b) % p;
      const row = (a * p + b) * m;
      for (let c = 0; c < m; c++) bySum[s * m + c] += values[row + c];
    }
  }
  const projBySum = new Float64Array(p * m); // [s, m]: the projection, which is also a function of s only
  const norm2 = (p * p) / 2;
  for (const k of frequencies) {
    for (const trig of [Math.cos, Math.sin]) {
      const dir = Float64Array.from({ length: p }, (_, s) => trig((2 * Math.PI * ((k * s) % p)) / p));
      for (let c = 0; c < m; c++) {
        let coef = 0;
        for (let s = 0; s < p; s++) coef += dir[s] * bySum[s * m + c];
        coef /= norm2;
        for (let s = 0; s < p; s++) projBySum[s * m + c] += coef * dir[s];
      }
    }
  }
  const out = new Float64Array(p * p * m);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) out.set(projBySum.subarray(((a + b) % p) * m, ((a + b) % p) * m + m), (a * p + b) * m);
  }
  return out;
}

/** Logits [p², p] keeping only the key-frequency directions, plus each output's mean over inputs. */
export function restrictedLogits(logits: ArrayLike<number>, p: number, keyFrequencies: number[]): Float64Array {
  const out = sumFrequencyProjection(logits, p, p, keyFrequencies);
  const P = p * p;
  for (let c = 0; c < p; c++) {
    let mean = 0;
    for (let g = 0; g < P; g++) mean += logits[g * p + c];
    mean /= P;
    for (let g = 0; g < P; g++) out[g * p + c] += mean;
  }
  return out;
}

/** Logits [p², p] with the key-frequency directions removed. */
export function excludedLogits(logits: ArrayLike<number>, p: number, keyFrequencies: number[]): Float64Array {
  const out = sumFrequencyProjection(logits, p, p, keyFrequencies);
  for (let i = 0; i < out.length; i++) out[i] = logits[i] - out[i];
  return out;
}

/** Mean cross-entropy (natural log, computed stably in float64) of logits [p², p] over the given input indices. */
export function crossEntropyOnInputs(logits: ArrayLike<number>, p: number, indices: ArrayLike<number>): number {
  let total = 0;
  for (let t = 0; t < indices.length; t++) {
    const g = indices[t];
    const row = g * p;
    let max = -Infinity;
    for (let c = 0; c < p; c++) max = Math.max(max, logits[row + c]);
    let sum = 0;
    for (let c = 0; c < p; c++) sum += Math.exp(logits[row + c] - max);
    const label = (Math.floor(g / p) + (g % p)) % p;
    total += max + Math.log(sum) - logits[row + label];
  }
  return total / indices.length;
}

/** Restricted loss: cross-entropy of the restricted logits on `indices` (e.g. the train set). */
export function restrictedLoss(logits: ArrayLike<number>, p: number, keyFrequencies: number[], indices: ArrayLike<number>): number {
  return crossEntropyOnInputs(restrictedLogits(logits, p, keyFrequencies), p, indices);
}

/** Excluded loss: cross-entropy of the excluded logits on `indices` (the paper uses the train set). */
export function excludedLoss(logits: ArrayLike<number>, p: number, keyFrequencies: number[], indices: ArrayLike<number>): number {
  return crossEntropyOnInputs(excludedLogits(logits, p, keyFrequencies), p, indices);
}
