/**
 * One sweep cell in memory, for hosts without a file system (the page's worker): the CLI pipeline's stages
 * (cli/pipeline.ts) without the files — train or reuse the transformer, train the SAEs of every seed together,
 * analyse stability against every null and the latents' Fourier structure — giving the same ExperimentReport
 * numbers, so the page and the CLI fill the same table (tests/core/sweep/cell.test.ts). The transformer of the
 * previous cell is kept while cells share it (one at a time: memory stays bounded). `runGroup` trains a batch of
 * cells' SAEs as one (core/sweep/batch.ts) and reports each cell as if it had run alone. A stabiliser cell (always
 * alone) runs its method's comparison instead (stabiliserCell.ts); the plain arms are kept for the next such cell.
 */
import { type ActivationGeometry, activationGeometry, dimensionsOf } from '../analysis/activationGeometry.ts';
import { analyzeSaeFeatures, analyzeStability, analyzeTransformerModel } from '../experiment/analyze.ts';
import type { ExperimentReport, SaeReport, StabiliseReport, TransformerReport } from '../report.ts';
import { collectActivations } from '../sae/activations.ts';
import type { ActivationData } from '../sae/init.ts';
import { type SaeTrainer, defaultSeedGrouping } from '../sae/trainer.ts';
import { type TrainedRun, trainRunsTogether } from '../sae/trainRuns.ts';
import { CheckpointError } from '../train/checkpoint.ts';
import { SafePointControl } from '../train/safePointControl.ts';
import { type SaeSpec, saeHookName } from '../spec/sae.ts';
import type * as tf from '../tf.ts';
import { RunControl, runTransformerTraining } from '../train/loop.ts';
import { TransformerTrainer } from '../train/transformerTrainer.ts';
import { countParameters } from '../transformer/weights.ts';
import type { CellResume } from './cellResume.ts';
import { type CellWeightsSink, MAX_CELL_WEIGHTS_IN_WORKER, cellWeightsCheckpoint } from './cellWeights.ts';
import { type SweepCell, isStabiliserCell } from './expand.ts';
import type { CancelToken } from './runner.ts';
import { PlainArms, runStabiliserCell } from './stabiliserCell.ts';

export class CellCancelled extends Error {
  constructor() {
    super('the cell was stopped');
  }
}

interface SharedTransformer {
  key: string;
  trainer: TransformerTrainer;
  report: TransformerReport;
  fourier: ExperimentReport['fourier'];
}

export class InMemoryCellRunner {
  private shared: SharedTransformer | null = null;
  private readonly plainArms = new PlainArms();
  /** Finished cells whose trained SAE weights wait for the sink now (never above MAX_CELL_WEIGHTS_IN_WORKER). */
  heldWeights = 0;

  constructor(private readonly backend: string, private readonly environment: ExperimentReport['environment']) {}

  /**
   * Runs a cell; `cancel` stops training between steps (then CellCancelled is thrown and nothing is kept). The trained
   * weights go to `sink` (if any) before the run ends; only the report stays.
   */
  async run(cell: SweepCell, cancel?: CancelToken, sink?: CellWeightsSink): Promise<ExperimentReport> {
    return (await this.runGroup([cell], cancel, sink))[0];
  }

  /**
   * Runs cells of one batch (core/sweep/batch.ts: same transformer and SAE batch key), their SAEs trained as one,
   * then each cell analysed on its own and its weights handed to `sink` before the next cell's report; the reports
   * are in the cells' order.
   */
  async runGroup(cells: SweepCell[], cancel?: CancelToken, sink?: CellWeightsSink, resume?: CellResume): Promise<ExperimentReport[]> {
    // A sweep cell has no pause: the control only stops the loop and runs checkpoint writes between two steps.
    const control = new SafePointControl(() => undefined);
    cancel?.onCancel(() => control.stop());
    const shared = await this.transformerFor(cells[0], control);
    const specs = cells.map((c) => c.spec.saes!);
    const acts = collectActivations(shared.trainer.model, saeHookName(specs[0]), specs[0].position); // [rows, d_in]
    const [rows, cols] = acts.shape;
    const activations = { data: (await acts.data()) as Float32Array, rows, cols };
    let runs: TrainedRun[] | null;
    let stabilise: StabiliseReport | undefined;
    try {
      if (isStabiliserCell(cells[0])) {
        if (cells.length > 1) throw new Error('a stabiliser cell runs alone (core/sweep/batch.ts never batches it)');
        const result = await this.stabiliserRun(cells[0], activations, shared, control);
        [runs, stabilise] = [[result.run], result.stabilise];
      } else {
        runs = await this.trainBatch(specs, acts, control, resume);
      }
    } finally {
      acts.dispose();
    }
    if (!runs) throw new CellCancelled();
    const geometry = await activationGeometry(activations);
    const reports: ExperimentReport[] = [];
    for (const [i, cell] of cells.entries()) {
      reports.push(await this.cellReport(cell, runs[i], shared, activations, geometry, stabilise));
      await this.handOver(cell, runs[i], sink);
    }
    return reports;
  }

  /**
   * Trains the batch, from `resume.from` when it fits these activations (else afresh), saving checkpoints at the
   * loop's safe points whenever `resume` says one is due.
   */
  private async trainBatch(specs: SaeSpec[], acts: tf.Tensor2D, control: SafePointControl, resume?: CellResume): Promise<TrainedRun[] | null> {
    let trainer: SaeTrainer | null = null;
    let startStep = 0; // the trainer's step when built: 0, or the checkpoint's
    const onEval = () => {
      // Nothing new to keep before a step (the first evaluation comes after the transformer, often past due).
      if (trainer && trainer.stepCount > startStep && resume?.due()) control.between(async () => void (await resume.save(await trainer!.checkpoint())));
    };
    const onTrainer = (t: SaeTrainer) => {
      trainer = t;
      startStep = t.stepCount;
    };
    const grouping = defaultSeedGrouping(this.backend);
    if (resume?.from) {
      const from = resume.from;
      try {
        return await trainRunsTogether(specs, acts, grouping, control, onEval, { from, onTrainer: (t) => (onTrainer(t), resume.onStart?.(from.step)) });
      } catch (e) {
        // Another backend or transformer gave other activations: the saved batch cannot continue here.
        if (!(e instanceof CheckpointError) || trainer) throw e;
      }
    }
    resume?.onStart?.(null);
    return trainRunsTogether(specs, acts, grouping, control, onEval, { onTrainer });
  }

  /** A finished cell's weights to the sink, one cell at a time: the runner never keeps finished cells' weights. */
  private async handOver(cell: SweepCell, run: TrainedRun, sink?: CellWeightsSink): Promise<void> {
    if (this.heldWeights >= MAX_CELL_WEIGHTS_IN_WORKER) throw new Error(`more than ${MAX_CELL_WEIGHTS_IN_WORKER} cells' weights held`);
    this.heldWeights++;
    try {
      await sink?.(cell, cellWeightsCheckpoint(run.trained, run.steps));
    } finally {
      this.heldWeights--;
    }
  }

  /** The cell's comparison on these activations; stop (between steps) throws CellCancelled. */
  private stabiliserRun(cell: SweepCell, acts: ActivationData, shared: SharedTransformer, control: RunControl) {
    let lastYield = performance.now();
    const onStep = async () => {
      if (performance.now() - lastYield > 30) {
        await new Promise<void>((r) => setTimeout(r, 0)); // lets the worker read a stop message
        lastYield = performance.now();
      }
      if (control.stopped) throw new CellCancelled();
    };
    return runStabiliserCell({ spec: cell.spec, acts, keyFrequencies: shared.fourier.keyFrequencies, plainArms: this.plainArms, onStep });
  }

  private async cellReport(
    cell: SweepCell, run: TrainedRun, shared: SharedTransformer, activations: ActivationData, geometry: ActivationGeometry, stabilise?: StabiliseReport,
  ): Promise<ExperimentReport> {
    const spec = cell.spec;
    const saes = spec.saes!;
    const { trained, initial } = run;
    const saeReports: SaeReport[] = saes.seeds.map((seed, i) => {
      const m = run.final.seeds[i];
      return {
        name: `${saes.architecture}_seed${seed}`, architecture: saes.architecture, seed,
        ...(saes.architecture === 'topk' ? { k: saes.k } : { l1: saes.l1 }),
        dIn: trained[i].dIn, dSae: trained[i].dSae, hookName: saeHookName(saes), position: saes.position,
        mse: m.mse, fvu: m.fvu, explainedVariance: m.explainedVariance, l0: m.l0, deadFraction: m.deadFraction,
        steps: run.steps, wallSeconds: run.wallSeconds, msPerStep: run.msPerStep,
      };
    });
    const report: ExperimentReport = {
      reportVersion: 1, createdAt: new Date().toISOString(), spec, environment: this.environment,
      // Shared: the cell did not train it (as the CLI's cells load it), so its time is not the cell's.
      transformer: { ...shared.report, wallSeconds: 0, loadedFrom: `sweep transformer (${cell.transformerKey})` },
      fourier: { ...shared.fourier },
      saes: saeReports,
      activations: dimensionsOf(geometry),
    };
    if (trained.length >= 2) report.stability = await analyzeStability(trained, initial, geometry);
    const features = await analyzeSaeFeatures(trained, initial, saes, activations, spec.transformer.p, shared.fourier.keyFrequencies);
    report.fourier.saes = features.saes;
    report.fourier.initialSaes = features.initialSaes;
    if (features.stableFourier) report.stableFourier = features.stableFourier;
    if (stabilise) report.stabilise = stabilise;
    return report;
  }

  /** Frees the kept transformer (and the plain arms kept for the next stabiliser cell). */
  dispose(): void {
    this.plainArms.clear();
    this.shared?.trainer.dispose();
    this.shared = null;
  }

  private async transformerFor(cell: SweepCell, control: RunControl): Promise<SharedTransformer> {
    if (this.shared?.key === cell.transformerKey) return this.shared;
    this.dispose();
    const spec = cell.spec.transformer;
    const trainer = new TransformerTrainer(spec);
    const history: TransformerReport['history'] = [];
    const summary = await runTransformerTraining(trainer, (m) => history.push([m.step, m.trainLoss, m.testLoss, m.trainAcc, m.testAcc]), control);
    if (control.stopped) {
      trainer.dispose();
      throw new CellCancelled();
    }
    const { trainLoss, testLoss, trainAcc, testAcc } = summary.final;
    const report: TransformerReport = {
      steps: trainer.stepCount, final: { trainLoss, testLoss, trainAcc, testAcc },
      stepsToGrok: summary.stepsToGrok, secondsToGrok: summary.secondsToGrok, wallSeconds: summary.wallSeconds,
      msPerStep: summary.msPerStep, backend: this.backend, parameters: countParameters(spec), history,
    };
    this.shared = { key: cell.transformerKey, trainer, report, fourier: await analyzeTransformerModel(trainer.model) };
    return this.shared;
  }
}
