/**
 * The report of one experiment run: what `npm run experiment` writes as report.json (docs/cli.md) and what the
 * app's generated reports will read. Every result is saved with the full spec that produced it.
 */
import type { ExperimentSpec } from './spec/experiment.ts';
import type { TransformerMetrics } from './train/transformerTrainer.ts';

export interface TransformerReport {
  steps: number;
  final: Omit<TransformerMetrics, 'step' | 'lr'>;
  /** First evaluated step with test accuracy ≥ 0.99, or null (resolution: spec.transformer.evalEvery). */
  stepsToGrok: number | null;
  wallSeconds: number;
  /** Median time of one training step, evaluation excluded. */
  msPerStep: number;
  backend: string;
  parameters: number;
  /** Evaluations over training: [step, trainLoss, testLoss, trainAcc, testAcc]. */
  history: [number, number, number, number, number][];
}

export interface ExperimentReport {
  reportVersion: 1;
  createdAt: string;
  spec: ExperimentSpec;
  environment: { runtime: string; backend: string; backendNote?: string };
  transformer: TransformerReport;
}
