import type { SaeWeights } from '../../../src/core/sae/init.ts';

/** A plain-JS SAE forward pass (float64), independent of tfjs: per row, the codes z and the reconstruction. */
export function referenceForward(w: SaeWeights, x: ArrayLike<number>, k: number | null): { z: Float64Array; xHat: Float64Array } {
  const { dIn: d, dSae: n } = w;
  const pre = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = w.b_enc[i];
    for (let j = 0; j < d; j++) s += (x[j] - w.b_dec[j]) * w.W_enc[j * n + i];
    pre[i] = s;
  }
  const z = new Float64Array(n);
  if (k === null) pre.forEach((v, i) => (z[i] = Math.max(v, 0)));
  else {
    const order = Array.from(pre.keys()).sort((a, b) => pre[b] - pre[a]);
    for (const i of order.slice(0, k)) z[i] = Math.max(pre[i], 0);
  }
  const xHat = Float64Array.from(w.b_dec);
  for (let i = 0; i < n; i++) if (z[i] !== 0) for (let j = 0; j < d; j++) xHat[j] += z[i] * w.W_dec[i * d + j];
  return { z, xHat };
}

/** FVU, MSE, L0 and per-latent firing counts of `w` over all rows, recomputed from scratch. */
export function referenceMetrics(w: SaeWeights, data: Float32Array, rows: number, k: number | null) {
  const d = w.dIn;
  const mean = new Float64Array(d);
  for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) mean[j] += data[r * d + j] / rows;
  let sse = 0;
  let variance = 0;
  let active = 0;
  const fires = new Float64Array(w.dSae);
  const activePerRow: number[] = [];
  for (let r = 0; r < rows; r++) {
    const x = data.subarray(r * d, (r + 1) * d);
    const { z, xHat } = referenceForward(w, x, k);
    for (let j = 0; j < d; j++) {
      sse += (x[j] - xHat[j]) ** 2;
      variance += (x[j] - mean[j]) ** 2;
    }
    let count = 0;
    z.forEach((v, i) => {
      if (v > 0) {
        count += 1;
        fires[i] += 1;
      }
    });
    active += count;
    activePerRow.push(count);
  }
  return { fvu: sse / variance, mse: sse / (rows * d), l0: active / rows, fires, activePerRow };
}
