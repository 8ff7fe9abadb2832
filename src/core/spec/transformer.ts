import { checkTransformerBudget } from './budget.ts';
import { type FieldTable, SpecError, defaultsOf, validateFields } from './fields.ts';

/** The modular-addition transformer and its training recipe (SCIENCE.md §1). */
export interface TransformerSpec {
  /** Modulus; inputs are [a, b, =] with a, b in 0..p-1 and `=` the token p. */
  p: number;
  /** Fraction of the p² pairs used for training; the rest is the test set. */
  trainFraction: number;
  nLayers: number;
  dModel: number;
  nHeads: number;
  dMlp: number;
  lr: number;
  weightDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
  warmupSteps: number;
  /** Grokfast gradient filter (Lee et al. 2024, arXiv 2405.20233): EMA decay α of the gradient. */
  grokfastAlpha: number;
  /** Grokfast gain λ: the step uses g + λ·EMA(g); 0 turns the filter off (plain AdamW). */
  grokfastLambda: number;
  /** Full-batch steps (one step = one epoch). */
  steps: number;
  /** Seeds the data split and every initial weight. */
  seed: number;
  /** Evaluate train and test metrics every this many steps. */
  evalEvery: number;
}

export const transformerFields: FieldTable<TransformerSpec> = {
  p: { kind: 'int', label: 'p (modulus)', doc: 'modulus of a + b mod p', min: 3, max: 257, default: 113 },
  trainFraction: { kind: 'float', label: 'train fraction', doc: 'share of the p² pairs used for training', min: 0.05, max: 0.95, default: 0.3 },
  nLayers: { kind: 'int', label: 'layers', doc: 'transformer blocks (1 or 2)', min: 1, max: 2, default: 1 },
  dModel: { kind: 'int', label: 'd_model', doc: 'residual stream width', min: 4, max: 512, default: 128 },
  nHeads: { kind: 'int', label: 'heads', doc: 'attention heads; d_head = d_model / heads', min: 1, max: 16, default: 4 },
  dMlp: { kind: 'int', label: 'd_mlp', doc: 'MLP hidden width', min: 4, max: 2048, default: 512 },
  lr: { kind: 'float', label: 'learning rate', doc: 'AdamW learning rate', min: 1e-6, max: 0.1, default: 1e-3, log: true },
  weightDecay: { kind: 'float', label: 'weight decay', doc: 'AdamW decoupled weight decay', min: 0, max: 10, default: 1 },
  beta1: { kind: 'float', label: 'β1', doc: 'Adam first-moment decay', min: 0, max: 0.9999, default: 0.9 },
  beta2: { kind: 'float', label: 'β2', doc: 'Adam second-moment decay', min: 0, max: 0.99999, default: 0.98 },
  eps: { kind: 'float', label: 'ε', doc: 'Adam epsilon (explicit: tfjs defaults differ by backend)', min: 1e-12, max: 1e-2, default: 1e-8, log: true },
  warmupSteps: { kind: 'int', label: 'warm-up steps', doc: 'linear learning-rate warm-up', min: 0, max: 10_000, default: 10 },
  grokfastAlpha: { kind: 'float', label: 'Grokfast α', doc: 'EMA decay of the Grokfast gradient filter (Lee et al. 2024)', min: 0, max: 0.9999, default: 0.98 },
  grokfastLambda: { kind: 'float', label: 'Grokfast λ', doc: 'Grokfast gain: step on g + λ·EMA(g); 0 = off (Lee et al. 2024)', min: 0, max: 10, default: 0 },
  steps: { kind: 'int', label: 'steps', doc: 'full-batch training steps', min: 1, max: 200_000, default: 25_000 },
  seed: { kind: 'int', label: 'seed', doc: 'seeds the data split and the initial weights', min: 0, max: 2 ** 31 - 1, default: 0 },
  evalEvery: { kind: 'int', label: 'eval every', doc: 'steps between evaluations of train/test metrics', min: 1, max: 10_000, default: 10 },
};

export function validateTransformer(raw: unknown, path = 'transformer'): TransformerSpec {
  const spec = validateFields(path, transformerFields, raw);
  if (spec.dModel % spec.nHeads !== 0) {
    throw new SpecError(`${path}.dModel (${spec.dModel}) must be divisible by ${path}.nHeads (${spec.nHeads})`);
  }
  const nTrain = Math.floor(spec.trainFraction * spec.p * spec.p);
  if (nTrain < 1 || nTrain >= spec.p * spec.p) {
    throw new SpecError(`${path}.trainFraction leaves no train or no test pairs for p = ${spec.p}`);
  }
  checkTransformerBudget(spec, path);
  return spec;
}

export const dHead = (s: TransformerSpec): number => s.dModel / s.nHeads;

/** Presets (SCIENCE.md §1). `tiny` groks in well under a minute on a CPU and is what tests and demos use. */
export const transformerPresets = {
  nanda: { ...defaultsOf(transformerFields) },
  fast: { ...defaultsOf(transformerFields), trainFraction: 0.5, steps: 3000 },
  tiny: {
    ...defaultsOf(transformerFields),
    p: 23, trainFraction: 0.8, dModel: 32, nHeads: 4, dMlp: 128, lr: 3e-3, steps: 1500, evalEvery: 10,
  },
  /**
   * Grokking in class time: memorises by step ~80, test accuracy stays below 0.6 for 3–9× as long, then reaches 0.99
   * by step ~700–1,800 (5 of 5 seeds; found with scripts/grok-sweep.ts, docs/benchmarks.md "The teaching preset").
   * Half the pairs of p = 31 make the plateau (at 0.55–0.7 some splits generalise while memorising); d_model 64
   * memorises fast; weight decay 3 shortens the plateau (at 1 it lasts ~2,000 steps). d_mlp 384: at 256 one seed
   * stalled at test accuracy 0.975, at 512 another generalised too early.
   */
  teach: {
    ...defaultsOf(transformerFields),
    p: 31, trainFraction: 0.5, dModel: 64, nHeads: 4, dMlp: 384, lr: 3e-3, weightDecay: 3, steps: 2500, evalEvery: 10,
  },
} satisfies Record<string, TransformerSpec>;
