/**
 * One training run of the transformer section inside the worker: owns the trainer (and so its tensors) and its
 * watcher (the Fourier section); pausing, batching, checkpoints and status come from RunHost.
 */
import type { TransformerSpec } from '../core/spec/transformer.ts';
import type { TrainerCheckpoint } from '../core/train/checkpoint.ts';
import { runTransformerTraining } from '../core/train/loop.ts';
import { type TransformerMetrics, TransformerTrainer } from '../core/train/transformerTrainer.ts';
import type { Checkpointer } from './checkpointer.ts';
import { type ModelFile, transformerFiles } from '../core/experiment/modelExport.ts';
import type { FromWorker } from './protocol.ts';
import { RunHost, endedLine } from './runHost.ts';
import type { TransformerSource } from './sectionHost.ts';

/**
 * Something that analyses the run's model as it trains (the Fourier section's FourierRun). Told after every
 * evaluation (between steps), settled before the run reports "paused" or "done" (so the page's analysis matches the
 * final step and no analysis tensor is alive), and detached before the run frees the model.
 */
export interface RunWatcher {
  evaluated(trainer: TransformerTrainer, m: TransformerMetrics): void;
  settle(trainer: TransformerTrainer): Promise<void>;
  detach(): Promise<void>;
}

export class TransformerRun extends RunHost<'transformer'> {
  private readonly trainer: TransformerTrainer;

  constructor(
    spec: TransformerSpec,
    runId: number,
    post: (m: FromWorker) => void,
    private readonly watcher: RunWatcher | null = null,
    /** `from`: continue a stored run from its checkpoint; `checkpoints`: where this run's checkpoints go. */
    stored: { from?: TrainerCheckpoint; checkpoints?: Checkpointer } = {},
  ) {
    super('transformer', runId, post, stored.checkpoints);
    this.trainer = stored.from ? TransformerTrainer.fromCheckpoint(spec, stored.from) : new TransformerTrainer(spec);
  }

  protected progressNow() {
    return { step: this.trainer.stepCount, total: this.trainer.spec.steps };
  }

  protected checkpointSource() {
    return this.trainer;
  }

  protected override settle(): Promise<void> {
    return this.watcher?.settle(this.trainer) ?? Promise.resolve();
  }

  /**
   * A model loaded from a stored checkpoint that does not train (a finished run opened again): reports its step and
   * lets the watcher analyse it, so the SAE and Fourier sections can work on it.
   */
  async showRestored(imported?: { splitKnown: boolean }): Promise<void> {
    const step = this.trainer.stepCount;
    this.post({ type: 'progress', section: 'transformer', runId: this.runId, step, total: this.trainer.spec.steps, stepsPerSec: 0, etaSeconds: null });
    await this.watcher?.settle(this.trainer);
    const message = imported ? await this.importedLine(imported.splitKnown) : `restored from its checkpoint at step ${step}`;
    if (!this.disposed) this.status('done', message);
  }

  /** A model opened from files: its accuracy, on all p² pairs when its train/test split is unknown. */
  private async importedLine(splitKnown: boolean): Promise<string> {
    if (splitKnown) {
      const m = await this.trainer.evaluate();
      return `opened from files: test accuracy ${m.testAcc.toFixed(4)}, train accuracy ${m.trainAcc.toFixed(4)}`;
    }
    const { acc, loss, pairs } = await this.trainer.evaluateAllPairs();
    return `opened from files (split unknown): on all ${pairs} pairs accuracy ${acc.toFixed(4)}, loss ${loss.toExponential(2)}`;
  }

  /** The model as it is now (trained or partly trained), for an SAE run to read its activations. */
  source(): TransformerSource {
    return { runId: this.runId, step: this.trainer.stepCount, spec: this.trainer.spec, model: this.trainer.model };
  }

  /** The model as the CLI writes it; refused while a step may run (the weights would mix steps). */
  async files(): Promise<{ step: number; files: ModelFile[] }> {
    if (!this.idle || this.disposed) throw new Error('pause or stop the transformer before downloading it');
    return { step: this.trainer.stepCount, files: transformerFiles(this.trainer.spec, await this.trainer.model.weights()) };
  }

  protected async release(): Promise<void> {
    await this.watcher?.detach();
    this.trainer.dispose();
  }

  protected async train(): Promise<void> {
    try {
      const summary = await runTransformerTraining(this.trainer, (m) => this.evaluated(m), this.control);
      if (this.disposed) return;
      await this.watcher?.settle(this.trainer); // the analysis shows the final step before "done"
      await this.conclude(() => ({ type: 'done', section: 'transformer', runId: this.runId, summary }), endedLine(summary));
    } catch (e) {
      this.failed('training failed', e);
    }
  }

  /**
   * Evaluations are the only points where the device has surely finished the steps before them (on WebGPU,
   * `step()` only enqueues work), so the speed is measured between evaluations.
   */
  private evaluated(m: TransformerMetrics): void {
    this.evaluatedPoint(m);
    this.watcher?.evaluated(this.trainer, m);
  }
}
