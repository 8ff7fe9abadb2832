/**
 * The report of one experiment run: what `npm run experiment` writes as report.json (docs/cli.md) and what the
 * app's generated reports will read. Every result is saved with the full spec that produced it.
 */
import type { ActivationDimensions } from './analysis/activationGeometry.ts';
import type { StableFourierReport } from './analysis/stableFourier.ts';
import type { FeaturesReport } from './experiment/featuresReport.ts';
import type { FourierReport, StabilityReport } from './experiment/analyze.ts';
import type { ExperimentSpec } from './spec/experiment.ts';
import type { ComparisonResult } from './stabilise/comparison.ts';
import type { SaeArchitectureName } from './spec/sae.ts';
import type { AllPairsMetrics, TransformerMetrics } from './train/transformerTrainer.ts';

export interface TransformerReport {
  steps: number;
  /** Train/test metrics at the end; absent for a loaded model whose train/test split is unknown (see allPairs). */
  final?: Omit<TransformerMetrics, 'step' | 'lr'>;
  /**
   * Loss and accuracy over all p² pairs, train and test together: what is reported for a loaded model whose split is
   * unknown (a TransformerLens config.json without the lab's training block).
   */
  allPairs?: AllPairsMetrics;
  /** First evaluated step with test accuracy ≥ 0.99, or null (resolution: spec.transformer.evalEvery). */
  stepsToGrok: number | null;
  /** Wall time until that evaluation, evaluations included, or null. */
  secondsToGrok: number | null;
  wallSeconds: number;
  /** Median time of one training step, evaluation excluded. */
  msPerStep: number;
  backend: string;
  parameters: number;
  /** Evaluations over training: [step, trainLoss, testLoss, trainAcc, testAcc]. */
  history: [number, number, number, number, number][];
  /** Set when the weights were loaded from a saved run instead of trained. */
  loadedFrom?: string;
  /** For a loaded model: false when config.json had no lab training block (spec.transformer's recipe did not train it). */
  splitKnown?: boolean;
  /** For a loaded model: dtypes converted, buffers ignored, biases dropped. */
  loadNotes?: string[];
  /** Set when training continued from a checkpoint (`--resume`): its step. Steps, history and times cover the whole run. */
  resumedFrom?: number;
}

/** One seed's SAE (issue: SAEs). All seeds of a run train together, so they share steps and wall time. */
export interface SaeReport {
  name: string;
  architecture: SaeArchitectureName;
  seed: number;
  /** The architecture's own knobs (TopK: k; ReLU: l1; JumpReLU: l0Coef, bandwidth). */
  k?: number;
  l1?: number;
  l0Coef?: number;
  bandwidth?: number;
  dIn: number;
  dSae: number;
  hookName: string;
  position: string;
  mse: number;
  fvu: number;
  explainedVariance: number;
  l0: number;
  deadFraction: number;
  steps: number;
  /** Wall time of training all seeds of the run together. */
  wallSeconds: number;
  /** Median time of one step of all seeds together. */
  msPerStep: number;
}

/**
 * A stabiliser sweep cell's comparison (core/sweep/stabiliserCell.ts): its one method against plain training, the
 * shared-init controls and the strongest null, on the cell's activations. The report's `saes`, `stability` and
 * `fourier.saes` describe the method arm (`arm`), so a sweep's row reads like any other cell's.
 */
export interface StabiliseReport extends ComparisonResult {
  /** The arm whose SAEs the report's `saes` and `stability` are, e.g. "consistency". */
  arm: string;
  /** The transformer's key frequencies the comparison used (Fourier initialisation, the Fourier share of the price). */
  keyFrequencies: number[];
  /**
   * What was carried from an earlier cell on the same transformer and SAE spec, not trained again: the plain arms by
   * label, and "reference SAEs" when the method's references were (core/sweep/stabiliserCell.ts).
   */
  reused: string[];
}

/** Nanda et al.'s progress measures at one step of training (SCIENCE.md §2; fourierSnapshot.ts computes them). */
export interface ProgressPoint {
  step: number;
  /** Loss on the test pairs of the logits kept to the key frequencies (the algorithm alone). */
  restrictedLoss: number;
  /** Loss on the training pairs of the logits with the key frequencies removed (what memorisation is left). */
  excludedLoss: number;
  /** The key frequencies found at that step (both losses use them, as the page's Fourier section does) and their share of ‖W_E‖². */
  keyFrequencies: number[];
  keyFraction: number;
}

export interface ProgressReport {
  /** Where the points come from: the run's weight snapshots (CLI) or the page's analyses during training. */
  source: string;
  points: ProgressPoint[];
}

export interface ExperimentReport {
  reportVersion: 1;
  createdAt: string;
  spec: ExperimentSpec;
  environment: { runtime: string; backend: string; backendNote?: string };
  transformer: TransformerReport;
  saes?: SaeReport[];
  /** With SAEs: the effective dimensionality of the activations they read (participation ratio, dims holding 90/95/99 %). */
  activations?: ActivationDimensions;
  /** Across the SAE seeds (at least two): docs/metrics.md defines every number. */
  stability?: StabilityReport;
  fourier: FourierReport;
  /** Are the stable latents the Fourier ones: stable/unstable × Fourier/not per seed and pooled, untrained beside (≥ 2 seeds). */
  stableFourier?: StableFourierReport;
  /** Feature families across seeds and a gallery of stable and unstable latents (≥ 2 seeds). */
  features?: FeaturesReport;
  /** Restricted and excluded loss over training, when snapshots of the transformer's training were kept. */
  progress?: ProgressReport;
  /** A spec with a one-method `stabilise` block (a stabiliser sweep cell): the comparison with plain training. */
  stabilise?: StabiliseReport;
}
