import { Rng } from '../../../src/core/rng.ts';
import type { ActivationData } from '../../../src/core/sae/init.ts';
import { defaultsOf } from '../../../src/core/spec/fields.ts';
import { type SaeSpec, saeFields } from '../../../src/core/spec/sae.ts';

/** Activations built from a planted dictionary: each row is a sparse non-negative mix of unit directions. */
export interface PlantedData extends ActivationData {
  /** Ground-truth directions [m, d], unit rows. */
  dictionary: Float32Array;
  m: number;
}

export function plantedData(opts: { d: number; m: number; rows: number; active: number; seed: number; offset?: number }): PlantedData {
  const { d, m, rows, active, seed } = opts;
  const rng = new Rng(seed, 99);
  const dictionary = rng.normals(m * d);
  for (let i = 0; i < m; i++) {
    const row = dictionary.subarray(i * d, (i + 1) * d);
    const norm = Math.hypot(...row);
    row.forEach((v, j) => (row[j] = v / norm));
  }
  const data = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) {
    const chosen = rng.permutation(m).subarray(0, active);
    for (const f of chosen) {
      const c = 0.5 + rng.uniform(); // non-negative, bounded away from 0
      for (let j = 0; j < d; j++) data[r * d + j] += c * dictionary[f * d + j];
    }
    for (let j = 0; j < d; j++) data[r * d + j] += opts.offset ?? 0;
  }
  return { data, rows, cols: d, dictionary, m };
}

/**
 * One-to-one matching of ground-truth directions to learned decoder rows by greedy descending |cos| (each row and
 * each direction used once); returns the mean matched cosine over the ground truth. Greedy is a lower bound on the
 * optimal (Hungarian) matching, so passing it is sufficient.
 */
export function matchedCosine(truth: Float32Array, m: number, learned: Float32Array, n: number, d: number): number {
  const unit = (a: Float32Array, i: number) => {
    const row = a.subarray(i * d, (i + 1) * d);
    const norm = Math.hypot(...row) || 1;
    return Array.from(row, (v) => v / norm);
  };
  const T = Array.from({ length: m }, (_, i) => unit(truth, i));
  const L = Array.from({ length: n }, (_, i) => unit(learned, i));
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) pairs.push([T[i].reduce((s, v, k) => s + v * L[j][k], 0), i, j]);
  pairs.sort((a, b) => b[0] - a[0]);
  const usedT = new Set<number>();
  const usedL = new Set<number>();
  let sum = 0;
  for (const [c, i, j] of pairs) {
    if (usedT.has(i) || usedL.has(j)) continue;
    usedT.add(i);
    usedL.add(j);
    sum += c;
  }
  return sum / m;
}

/** A complete SAE spec for small synthetic runs: defaults overridden by `over`. */
export function smallSpec(over: Partial<SaeSpec> = {}): SaeSpec {
  return { ...defaultsOf(saeFields), expansion: 4, k: 3, seeds: [1], batchSize: 128, epochs: 30, lr: 3e-3, ...over };
}
