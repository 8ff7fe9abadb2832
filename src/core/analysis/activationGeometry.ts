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
 * Eigen-decomposition of a symmetric [d, d] matrix by cyclic Jacobi rotations (Numerical Recipes' rotation):
 * values descending, unit eigenvectors as rows. Accurate to rounding; ~0.1 s at d = 128, seconds at d = 512.
 */
export function symmetricEigen(matrix: ArrayLike<number>, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d); // columns are the eigenvectors while rotating
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < d; p++) {
      diag += a[p * d + p] ** 2;
      for (let q = p + 1; q < d; q++) off += a[p * d + q] ** 2;
    }
    if (off <= 1e-26 * diag || off === 0) break;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) { // columns p and q
          const kp = a[k * d + p];
          const kq = a[k * d + q];
          a[k * d + p] = c * kp - s * kq;
          a[k * d + q] = s * kp + c * kq;
        }
        for (let k = 0; k < d; k++) { // rows p and q
          const pk = a[p * d + k];
          const qk = a[q * d + k];
          a[p * d + k] = c * pk - s * qk;
          a[q * d + k] = s * pk + c * qk;
        }
        for (let k = 0; k < d; k++) {
          const kp = v[k * d + p];
          const kq = v[k * d + q];
          v[k * d + p] = c * kp - s * kq;
          v[k * d + q] = s * kp + c * kq;
        }
      }
    }
  }
  const order = Array.from({ length: d }, (_, k) => k).sort((i, j) => a[j * d + j] - a[i * d + i]);
  const values = Float64Array.from(order, (k) => a[k * d + k]);
  const vectors = new Float64Array(d * d);
  order.forEach((k, row) => {
    for (let i = 0; i < d; i++) vectors[row * d + i] = v[i * d + k];
  });
  return { values, vectors };
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
