import { type TransformerSpec, dHead } from '../spec/transformer.ts';

/**
 * Floating-point operations of one training step (forward + backward) of this implementation over nExamples,
 * counting matMuls and the attention products (2 FLOPs per multiply-add). Backward costs twice the forward
 * (gradients with respect to inputs and to weights). The final block works at the last position only (model.ts),
 * so this is less than SCIENCE.md's ~14.6 GFLOP, which counts every position.
 */
export function transformerStepFlops(s: TransformerSpec, nExamples: number): number {
  const d = s.dModel;
  const hd = s.nHeads * dHead(s);
  let perExample = 3 * (s.p + 1) * d * 2; // one-hot embedding matMul
  for (let l = 0; l < s.nLayers; l++) {
    const nq = l === s.nLayers - 1 ? 1 : 3;
    perExample += 2 * 3 * d * hd * 2; // K and V at every position
    perExample += nq * d * hd * 2; // Q
    perExample += 2 * nq * 3 * hd * 2; // scores and pattern·V
    perExample += nq * hd * d * 2; // W_O
    perExample += 2 * nq * d * s.dMlp * 2; // W_in and W_out
  }
  perExample += d * s.p * 2; // unembed
  return 3 * perExample * nExamples;
}
