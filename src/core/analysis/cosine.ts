import * as tf from '../tf.ts';

/**
 * Row normalisation and cosine-similarity matrices over flat row-major arrays. The product A·Bᵀ of two dictionaries
 * is the one big cost in the stability analysis (1024 x 128 x 1024 per pair): tfjs runs it ~12x faster than plain JS
 * on the wasm backend (15 ms against 190 ms, measured in Node), but tfjs's pure-JS cpu backend is slower than the
 * loop below, so the loop is used there.
 */

/** Copy of `m` [rows, cols] with every row scaled to unit L2 norm (all-zero rows stay zero). */
export function normalizeRows(m: ArrayLike<number>, rows: number, cols: number): Float32Array {
  if (m.length !== rows * cols) throw new Error(`matrix has ${m.length} entries, expected ${rows}x${cols}`);
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let k = 0; k < cols; k++) s += m[i * cols + k] * m[i * cols + k];
    const scale = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let k = 0; k < cols; k++) out[i * cols + k] = m[i * cols + k] * scale;
  }
  return out;
}

/** Transpose of `m` [rows, cols] -> [cols, rows] (e.g. SAELens W_enc [d, n] -> encoder rows [n, d]). */
export function transpose(m: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = m[i * cols + j];
  return out;
}

/** A [nA, d] · B [nB, d]ᵀ -> [nA, nB], in plain JS (four rows of A per pass, so each B row is read once per pass). */
export function matMulTransposedJs(a: Float32Array, b: Float32Array, nA: number, nB: number, d: number): Float32Array {
  const out = new Float32Array(nA * nB);
  let i = 0;
  for (; i + 4 <= nA; i += 4) {
    const a0 = i * d, a1 = a0 + d, a2 = a1 + d, a3 = a2 + d;
    for (let j = 0; j < nB; j++) {
      const bj = j * d;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < d; k++) {
        const x = b[bj + k];
        s0 += a[a0 + k] * x;
        s1 += a[a1 + k] * x;
        s2 += a[a2 + k] * x;
        s3 += a[a3 + k] * x;
      }
      out[i * nB + j] = s0;
      out[(i + 1) * nB + j] = s1;
      out[(i + 2) * nB + j] = s2;
      out[(i + 3) * nB + j] = s3;
    }
  }
  for (; i < nA; i++) {
    for (let j = 0; j < nB; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += a[i * d + k] * b[j * d + k];
      out[i * nB + j] = s;
    }
  }
  return out;
}

/**
 * A [nA, d] · B [nB, d]ᵀ -> [nA, nB] on the active tfjs backend (JS loop on `cpu`). B is transposed in JS first:
 * matMul's transpose flags are 20-40x slower on wasm (BROWSER.md).
 */
export async function matMulTransposed(a: Float32Array, b: Float32Array, nA: number, nB: number, d: number): Promise<Float32Array> {
  if (tf.getBackend() === 'cpu' || nA * nB * d < 1 << 16) return matMulTransposedJs(a, b, nA, nB, d);
  const product = tf.tidy(() => tf.matMul(tf.tensor2d(a, [nA, d]), tf.tensor2d(transpose(b, nB, d), [d, nB])));
  try {
    return (await product.data()) as Float32Array; // [nA, nB]
  } finally {
    product.dispose();
  }
}

/** Signed cosine similarity [nA, nB] between the rows of A [nA, d] and B [nB, d] (rows need not be unit). */
export async function cosineMatrix(a: ArrayLike<number>, b: ArrayLike<number>, nA: number, nB: number, d: number): Promise<Float32Array> {
  return matMulTransposed(normalizeRows(a, nA, d), normalizeRows(b, nB, d), nA, nB, d);
}

/** Elementwise |x| (a new array). */
export function absolute(m: Float32Array): Float32Array {
  const out = new Float32Array(m.length);
  for (let k = 0; k < m.length; k++) out[k] = Math.abs(m[k]);
  return out;
}
