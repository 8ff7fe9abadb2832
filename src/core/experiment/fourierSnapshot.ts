/**
 * The Fourier section's arithmetic (the plan's analyze_transformer_fourier.py), on plain arrays read from the model:
 * no tensors here, so it is tested in Node against hand-built inputs. fourierReadout.ts reads the model; the
 * worker's fourierRun.ts decides when and calls these.
 */
import { embeddingSpectrum } from '../analysis/fourier.ts';
import { FOURIER_UNIT_THRESHOLD, blockShares, checkKeyFrequencies, neuronClusters, unitSpectra, unitSpectrum } from '../analysis/fourierUnits.ts';
import { excludedLoss, restrictedLoss } from '../analysis/progressMeasures.ts';
import type { FourierDetail, FourierSelection, FourierSnapshot } from './fourierViews.ts';

/** What one analysis reads from the transformer: every array covers all p² inputs in row-major (a, b) order. */
export interface ModelReadout {
  step: number;
  p: number;
  dModel: number;
  dMlp: number;
  nHeads: number;
  layer: number;
  WE: Float32Array; // [p + 1, d_model] (row p is '=')
  mlp: Float32Array; // [p², d_mlp]: blocks.{layer}.mlp.hook_post at the '=' position
  pattern: Float32Array; // [p², H, 3]: blocks.{layer}.attn.hook_pattern from '=' to a, b, =
  logits: Float32Array; // [p², p]
  trainIdx: Int32Array;
  testIdx: Int32Array;
}

const allInputs = (p: number) => Int32Array.from({ length: p * p }, (_, g) => g);

export function snapshotOf(r: ModelReadout, elapsedMs: number): FourierSnapshot {
  const { p, dMlp, nHeads } = r;
  const embedding = embeddingSpectrum(r.WE, p, r.dModel);
  const spectra = unitSpectra(r.mlp, dMlp, p, true);
  const { clusters, other } = neuronClusters(spectra, FOURIER_UNIT_THRESHOLD);
  const keys = embedding.keyFrequencies;
  // The paper measures restricted loss on the test pairs (the algorithm alone must generalise) and excluded loss on
  // the training pairs (what is left once the algorithm is removed must still memorise them).
  const testIdx = r.testIdx.length > 0 ? r.testIdx : allInputs(p);
  return {
    step: r.step,
    p,
    layer: r.layer,
    dMlp,
    nHeads,
    embeddingNorms: Array.from(embedding.norms),
    embeddingConstant: embedding.constantNorm,
    embeddingTotal: embedding.total,
    keyFrequencies: keys,
    keyFraction: embedding.keyFraction,
    harmonics: embedding.harmonics,
    neuronCheck: checkKeyFrequencies(keys, clusters, dMlp),
    dominant: Array.from(spectra.dominant),
    dominantFraction: Array.from(spectra.dominantFraction),
    clusters,
    other: other.filter((u) => spectra.dominant[u] > 0),
    constant: other.filter((u) => spectra.dominant[u] === 0),
    clusterThreshold: FOURIER_UNIT_THRESHOLD,
    attention: meanAttention(r.pattern, p * p, nHeads),
    restrictedLoss: restrictedLoss(r.logits, p, keys, testIdx),
    excludedLoss: excludedLoss(r.logits, p, keys, r.trainIdx),
    elapsedMs,
  };
}

/** [H][3]: attention from '=' to each key, averaged over the inputs. `pattern` is [inputs, H, 3]. */
export function meanAttention(pattern: ArrayLike<number>, inputs: number, nHeads: number): number[][] {
  const sums = Array.from({ length: nHeads }, () => [0, 0, 0]);
  for (let g = 0; g < inputs; g++) {
    for (let h = 0; h < nHeads; h++) {
      for (let j = 0; j < 3; j++) sums[h][j] += pattern[(g * nHeads + h) * 3 + j];
    }
  }
  return sums.map((row) => row.map((s) => s / inputs));
}

/** The selection brought into range (a new run may have fewer neurons or heads than the page last asked for). */
export function clampSelection(sel: FourierSelection, dMlp: number, nHeads: number): FourierSelection {
  const clamp = (x: number, n: number) => (Number.isInteger(x) ? Math.min(Math.max(x, 0), n - 1) : 0);
  return { neuron: clamp(sel.neuron, dMlp), head: clamp(sel.head, nHeads) };
}

export function detailOf(r: ModelReadout, selection: FourierSelection): FourierDetail {
  const { p, dMlp, nHeads } = r;
  const { neuron, head } = clampSelection(selection, dMlp, nHeads);
  const P = p * p;
  const activation = Array.from({ length: P }, (_, g) => r.mlp[g * dMlp + neuron]);
  const spectrum = unitSpectrum(activation, p);
  const attentionToA = Array.from({ length: P }, (_, g) => r.pattern[(g * nHeads + head) * 3]);
  return {
    step: r.step,
    p,
    neuron,
    activation,
    spectrum: blockShares(spectrum.hat, p, spectrum.energy),
    fractions: Array.from(spectrum.fractions),
    dominant: spectrum.dominant,
    dominantFraction: spectrum.dominantFraction,
    head,
    attentionToA,
  };
}
