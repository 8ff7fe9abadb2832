/**
 * Every kind of run the notebook stores, and what each kind's record holds. A new kind adds its name here and its
 * payloads to RunPayloads; the store's per-kind behaviour is registered in store/runKinds/.
 */
import type { ExperimentReport } from '../core/report.ts';
import type { SaeRunSummary } from '../core/sae/loop.ts';
import type { SaeMetrics } from '../core/sae/metrics.ts';
import type { TransformerRunSummary } from '../core/train/loop.ts';
import type { TransformerMetrics } from '../core/train/transformerTrainer.ts';
import type { SweepSpec } from '../core/sweep/spec.ts';
import type { SaeRunInfo } from '../worker/saeMessages.ts';
import type { FinishedArm } from '../core/stabilise/finished.ts';
import type { StabiliseSummary } from '../core/stabilise/record.ts';

/** In the order the notebook's sections show them (and start-up restores them: an SAE run needs its transformer). */
export const RUN_KINDS = ['transformer', 'saes', 'sweep', 'stabilise'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** What an imported transformer run's record keeps about where it came from (store/transformerImport.ts). */
export interface ImportedInfo {
  imported: { files: [string, string]; splitKnown: boolean; notes: string[] };
}

/**
 * Per kind: one evaluation in `metrics`, the `summary` once the run ended, and what the section showed beyond its
 * metrics (`info`). Stored as plain data; notebook files check them as such (records.ts), not field by field.
 */
export interface RunPayloads {
  transformer: { metrics: TransformerMetrics; summary: TransformerRunSummary; info: ImportedInfo };
  saes: { metrics: SaeMetrics; summary: SaeRunSummary; info: SaeRunInfo };
  /** A stabiliser comparison: each finished arm is one "metric" (so a stopped or interrupted run keeps them). */
  stabilise: { metrics: FinishedArm; summary: StabiliseSummary; info: never };
  sweep: { metrics: SweepCellResult; summary: SweepRunSummary; info: SweepRunInfo };
}

/**
 * A sweep's finished cell: its report (the summary the results row is built from; the SAE weights are a checkpoint
 * record `<run id>@<step>` beside it, never in the report). `step`: the cell's index in the sweep's order.
 */
export interface SweepCellResult {
  step: number;
  id: string;
  report: ExperimentReport;
}

export interface SweepRunSummary {
  cells: number;
  finished: number;
}

/** The sweep itself (axes, seeds, budget, base): a stored sweep is shown and continued from it. */
export interface SweepRunInfo {
  sweep: SweepSpec;
}
