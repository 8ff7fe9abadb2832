import { Rng, RngStream } from './rng.ts';

/** The modular-addition task: every input [a, b, =] with label (a + b) mod p, split by a seeded shuffle. */
export interface ModularDataset {
  p: number;
  /** All p² inputs in row-major (a, b) order: tokens [p², 3], labels [p²]. */
  allTokens: Int32Array;
  allLabels: Int32Array;
  /** Indices into the p² grid. */
  trainIdx: Int32Array;
  testIdx: Int32Array;
}

export function makeDataset(p: number, trainFraction: number, seed: number): ModularDataset {
  const n = p * p;
  const allTokens = new Int32Array(n * 3);
  const allLabels = new Int32Array(n);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const i = a * p + b;
      allTokens.set([a, b, p], i * 3);
      allLabels[i] = (a + b) % p;
    }
  }
  const order = new Rng(seed, RngStream.dataSplit).permutation(n);
  const nTrain = Math.floor(trainFraction * n); // as Nanda et al.: 3,830 of 12,769 at 0.3
  return { p, allTokens, allLabels, trainIdx: order.slice(0, nTrain), testIdx: order.slice(nTrain) };
}

/** Gathers the tokens [idx.length, 3] and labels [idx.length] of a subset. */
export function subset(ds: ModularDataset, idx: Int32Array): { tokens: Int32Array; labels: Int32Array } {
  const tokens = new Int32Array(idx.length * 3);
  const labels = new Int32Array(idx.length);
  idx.forEach((g, i) => {
    tokens.set(ds.allTokens.subarray(g * 3, g * 3 + 3), i * 3);
    labels[i] = ds.allLabels[g];
  });
  return { tokens, labels };
}
