/**
 * Deliberately plain re-implementations of the stability and Fourier numbers, written from SCIENCE.md alone and
 * sharing no code with src/core/analysis, so tests can check the engine's reports against them.
 */

export function unitRows(m: Float32Array, n: number, d: number): Float64Array[] {
  return Array.from({ length: n }, (_, i) => {
    const row = Float64Array.from(m.subarray(i * d, (i + 1) * d));
    const norm = Math.sqrt(row.reduce((s, x) => s + x * x, 0)) || 1;
    return row.map((x) => x / norm);
  });
}

export function cosines(a: Float64Array[], b: Float64Array[]): number[][] {
  return a.map((x) => b.map((y) => x.reduce((s, xi, k) => s + xi * y[k], 0)));
}

export function pwmccMaxPlain(absC: number[][]): number {
  const n = absC.length;
  const rowMax = absC.map((r) => Math.max(...r));
  const colMax = absC[0].map((_, j) => Math.max(...absC.map((r) => r[j])));
  return 0.5 * (rowMax.reduce((s, x) => s + x, 0) / n + colMax.reduce((s, x) => s + x, 0) / colMax.length);
}

/** Classic O(n³) Hungarian (potentials, e-maxx formulation), minimising cost; returns match[row] = column. */
export function hungarianPlain(cost: number[][]): number[] {
  const n = cost.length;
  const u = new Array(n + 1).fill(0), v = new Array(n + 1).fill(0), p = new Array(n + 1).fill(0), way = new Array(n + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array(n + 1).fill(Infinity);
    const used = new Array(n + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0];
      let delta = Infinity, j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
        if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
        if (minv[j] < delta) { delta = minv[j]; j1 = j; }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) { u[p[j]] += delta; v[j] -= delta; } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do { const j1 = way[j0]; p[j0] = p[j1]; j0 = j1; } while (j0);
  }
  const match = new Array(n).fill(-1);
  for (let j = 1; j <= n; j++) if (p[j] > 0) match[p[j] - 1] = j - 1;
  return match;
}

export function pwmccOneToOnePlain(absC: number[][]): number {
  const match = hungarianPlain(absC.map((r) => r.map((x) => 1 - x)));
  return match.reduce((s, j, i) => s + absC[i][j], 0) / match.length;
}

/** ||F · W_E[0:p]||² per frequency k = 1..(p−1)/2, straight from the cos/sin definition. */
export function embeddingFrequencyNorms(WE: Float32Array, p: number, d: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= (p - 1) / 2; k++) {
    let energy = 0;
    for (const f of [Math.cos, Math.sin]) {
      for (let c = 0; c < d; c++) {
        let s = 0;
        for (let x = 0; x < p; x++) s += Math.sqrt(2 / p) * f((2 * Math.PI * k * x) / p) * WE[x * d + c];
        energy += s * s;
      }
    }
    out.push(energy);
  }
  return out;
}
