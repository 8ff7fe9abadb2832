import { matMulTransposed, transpose } from './cosine.ts';

/**
 * Where the activations an SAE reads actually lie (SCIENCE.md §4b): the principal directions and variances of their
 * covariance, and how many dimensions hold the variance. A dictionary fitted to low-dimensional data crowds into
 * that subspace, so the stability nulls (nulls.ts) are built from it.
 */

export interface ActivationGeometry {
  /** Activation rows m and their width d. */
  rows: number;
  d: number;
  /** Variances along the principal directions (covariance eigenvalues), descending [d]. */
  variances: Float64Array;
  /** Principal directions as rows [d, d]: row k is the unit direction of variances[k]. */
  directions: Float64Array;
  /** (Σλ)² / Σλ²: the number of dimensions the variance is effectively spread over. */
  participationRatio: number;
  /** Fewest principal dimensions holding 90 / 95 / 99 % of the variance. */
  dims90: number;
  dims95: number;
  dims99: number;
}

/** The numbers the report and the page show (report.json `activations`). */
export type ActivationDimensions = Pick<ActivationGeometry, 'rows' | 'd' | 'participationRatio' | 'dims90' | 'dims95' | 'dims99'>;

export const dimensionsOf = (g: ActivationGeometry): ActivationDimensions => ({
  rows: g.rows, d: g.d, participationRatio: g.participationRatio, dims90: g.dims90, dims95: g.dims95, dims99: g.dims99,
});

/** (Σλ)² / Σλ² of non-negative variances (d for an isotropic spectrum, 1 when one direction holds everything). */
export function participationRatio(variances: ArrayLike<number>): number {
  let s = 0;
  let ss = 0;
  for (let k = 0; k < variances.length; k++) {
    const v = Math.max(0, variances[k]);
    s += v;
    ss += v * v;
  }
  return ss > 0 ? (s * s) / ss : 0;
}

/** Fewest leading entries of the descending `variances` whose sum reaches `share` of the total (at least 1). */
export function dimsHolding(variances: ArrayLike<number>, share: number): number {
  let total = 0;
  for (let k = 0; k < variances.length; k++) total += Math.max(0, variances[k]);
  let s = 0;
  for (let k = 0; k < variances.length; k++) {
    s += Math.max(0, variances[k]);
    if (s >= share * total * (1 - 1e-12)) return k + 1;
  }
  return Math.max(1, variances.length);
}

/**
 * Eigen-decomposition of a symmetric [d, d] matrix: Householder reduction to tridiagonal form, then the implicit QL
 * algorithm (EISPACK tred2 / tql2, as in JAMA). Values descending, unit eigenvectors as rows. O(d³): milliseconds at
 * d = 128, about a second at d = 512 (cyclic Jacobi took 84 s there).
 */
export function symmetricEigen(matrix: ArrayLike<number>, d: number): { values: Float64Array; vectors: Float64Array } {
  const n = d;
  const V = Float64Array.from(matrix); // V[r * n + c]; ends holding the eigenvectors as columns
  const e = new Float64Array(n);
  const w = new Float64Array(n);
  if (n === 0) return { values: w, vectors: V };
  tridiagonalize(V, w, e, n);
  diagonalize(V, w, e, n);
  const order = Array.from({ length: n }, (_, k) => k).sort((i, j) => w[j] - w[i]);
  const values = Float64Array.from(order, (k) => w[k]);
  const vectors = new Float64Array(n * n);
  order.forEach((k, row) => {
    for (let i = 0; i < n; i++) vectors[row * n + i] = V[i * n + k];
  });
  return { values, vectors };
}

/** tred2: Householder reduction of V (symmetric) to tridiagonal d (diagonal), e (sub-diagonal); V accumulates. */
function tridiagonalize(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  const at = (r: number, c: number) => r * n + c;
  for (let j = 0; j < n; j++) d[j] = V[at(n - 1, j)];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = V[at(i - 1, j)];
        V[at(i, j)] = 0;
        V[at(j, i)] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        V[at(j, i)] = f;
        g = e[j] + V[at(j, j)] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[at(k, j)] * d[k];
          e[k] += V[at(k, j)] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) V[at(k, j)] -= f * e[k] + g * d[k];
        d[j] = V[at(i - 1, j)];
        V[at(i, j)] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) { // accumulate the transformations
    V[at(n - 1, i)] = V[at(i, i)];
    V[at(i, i)] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[at(k, i + 1)] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[at(k, i + 1)] * V[at(k, j)];
        for (let k = 0; k <= i; k++) V[at(k, j)] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[at(k, i + 1)] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[at(n - 1, j)];
    V[at(n - 1, j)] = 0;
  }
  V[at(n - 1, n - 1)] = 1;
  e[0] = 0;
}

/** tql2: implicit QL on the tridiagonal (d, e); eigenvalues into d, eigenvectors into V's columns. */
function diagonalize(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  const at = (r: number, c: number) => r * n + c;
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      for (let iter = 0; iter < 100 && Math.abs(e[l]) > eps * tst1; iter++) {
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (let k = 0; k < n; k++) {
            h = V[at(k, i + 1)];
            V[at(k, i + 1)] = s * V[at(k, i)] + c * h;
            V[at(k, i)] = c * V[at(k, i)] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      }
    }
    d[l] += f;
    e[l] = 0;
  }
}

/** Principal directions and variances of activations [rows, d] (centred on their mean, covariance divided by m). */
export async function activationGeometry(acts: { data: Float32Array; rows: number; cols: number }): Promise<ActivationGeometry> {
  const { data, rows: m, cols: d } = acts;
  if (m < 1 || data.length !== m * d) throw new Error(`activations have ${data.length} entries, expected ${m}x${d}`);
  const mean = new Float64Array(d);
  for (let i = 0; i < m; i++) for (let k = 0; k < d; k++) mean[k] += data[i * d + k];
  for (let k = 0; k < d; k++) mean[k] /= m;
  const centred = new Float32Array(m * d);
  for (let i = 0; i < m; i++) for (let k = 0; k < d; k++) centred[i * d + k] = data[i * d + k] - mean[k];
  const columns = transpose(centred, m, d); // [d, m]
  const gram = await matMulTransposed(columns, columns, d, d, m); // Xcᵀ Xc [d, d]
  const covariance = Float64Array.from(gram, (x) => x / m);
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) { // exact symmetry for the rotations
    const s = 0.5 * (covariance[i * d + j] + covariance[j * d + i]);
    covariance[i * d + j] = covariance[j * d + i] = s;
  }
  const { values, vectors } = symmetricEigen(covariance, d);
  const variances = values.map((x) => Math.max(0, x));
  return {
    rows: m, d, variances, directions: vectors, participationRatio: participationRatio(variances),
    dims90: dimsHolding(variances, 0.9), dims95: dimsHolding(variances, 0.95), dims99: dimsHolding(variances, 0.99),
  };
}
