/**
 * What every training run the worker hosts shares (TransformerRun, SaeRun; a new run kind extends it too): the
 * pause/stop control that parks the loop at safe points, the batching of metrics and progress to the page, the
 * progress heartbeat that also takes timed checkpoints, the status messages, the end of a run (checkpoint, last
 * metrics, "done" or "error") and its disposal. A subclass owns its trainer and says what a step count, a
 * checkpoint, "settled" and freeing its tensors mean for it.
 */
import type { TrainerCheckpoint } from '../core/train/checkpoint.ts';
import { SafePointControl } from '../core/train/safePointControl.ts';
import { Batcher, RateMeter } from './batcher.ts';
import type { Checkpointer } from './checkpointer.ts';
import type { FromWorker, RunStatus } from './protocol.ts';

/** Progress heartbeat between evaluations (which can be seconds apart on large specs or slow backends). */
export const PROGRESS_EVERY_MS = 500;

/** The sections whose runs train (and so stream metrics, progress and checkpoints). */
export type RunSection = Extract<FromWorker, { type: 'metrics' }>['section'];
/** One evaluation of a section's run, as its `metrics` messages carry them. */
export type MetricsOf<S extends RunSection> = Extract<FromWorker, { type: 'metrics'; section: S }>['points'][number];
/** The message that says a section's run has ended. */
export type DoneOf<S extends RunSection> = Extract<FromWorker, { type: 'done'; section: S }>;

/** A run of `section` that failed: the error for the log, then the status the section shows. */
export function postRunFailure(post: (m: FromWorker) => void, section: RunSection, runId: number, message: string): void {
  post({ type: 'error', section, runId, message });
  post({ type: 'status', section, runId, status: 'error', message });
}

/** The status line of a run whose loop ended. */
export const endedLine = (summary: { stopped: boolean; steps: number }): string =>
  summary.stopped ? `stopped at step ${summary.steps}` : `finished ${summary.steps} steps`;

export abstract class RunHost<S extends RunSection> {
  protected readonly control = new SafePointControl(() => this.parked());
  protected readonly metrics: Batcher<MetricsOf<S>>;
  protected readonly rate = new RateMeter();
  protected finished: Promise<void> = Promise.resolve();
  protected disposed = false;
  /** No step can run now: the loop has parked (paused) or ended. */
  protected idle = false;
  private ticker: ReturnType<typeof setInterval> | null = null;

  constructor(
    readonly section: S,
    readonly runId: number,
    protected readonly post: (m: FromWorker) => void,
    /** Where this run's checkpoints go (a run the page stores), or undefined. */
    protected readonly checkpoints?: Checkpointer,
  ) {
    this.metrics = new Batcher((points) => this.sendBatch(points));
  }

  /** The step reached and the steps asked for, or null while there is no trainer. */
  protected abstract progressNow(): { step: number; total: number } | null;
  /** The trainer's state for a checkpoint, or null when there is nothing to save. */
  protected abstract checkpointSource(): { checkpoint(): Promise<TrainerCheckpoint> } | null;
  /** The run's loop and what follows it; `start` awaits it. */
  protected abstract train(): Promise<void>;
  /** Work to finish before the run reports "paused" (a watcher's analysis of the current step). */
  protected async settle(): Promise<void> {}
  /** Frees every tensor the run owns; called once the loop has left the trainer alone. */
  protected abstract release(): Promise<void> | void;

  /** Starts training in the background; resolves when the loop (and what the run does after it) has ended. */
  start(): Promise<void> {
    this.rate.restart(this.progressNow()?.step ?? 0);
    this.status('running');
    this.ticker = setInterval(() => {
      if (this.control.paused) return;
      this.metrics.flushIfDue();
      if (this.checkpoints?.due(this.progressNow()?.step ?? 0)) this.control.between(() => this.checkpoint());
    }, PROGRESS_EVERY_MS);
    this.finished = this.train().finally(() => this.stopTicker());
    return this.finished;
  }

  pause(): void {
    // The "paused" status follows once the loop has parked (see SafePointControl).
    if (!this.control.stopped) this.control.pause();
  }

  resume(): void {
    if (!this.control.paused || this.control.stopped) return;
    this.idle = false;
    this.rate.restart(this.progressNow()?.step ?? 0);
    this.control.resume();
    this.status('running');
  }

  stop(): void {
    this.control.stop();
  }

  /** Stops the loop, waits for it (and what follows it) to end, then frees every tensor the run owns. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.control.stop();
    await this.finished;
    this.metrics.discard();
    await this.release();
  }

  /**
   * The loop ended: a checkpoint (stored before "done", so a finished run can always be opened again), the last
   * metrics, then `done` and the status line. False when the run was disposed meanwhile (nothing more is posted).
   */
  protected async conclude(done: () => DoneOf<S>, line: string): Promise<boolean> {
    if (this.disposed) return false;
    await this.checkpoint();
    if (this.disposed) return false;
    this.metrics.flush();
    this.idle = true;
    this.post(done());
    this.status('done', line);
    return true;
  }

  /** The run failed (`what`: "training failed", …): error and status to the page, unless it was disposed. */
  protected failed(what: string, e: unknown): void {
    if (this.disposed) return;
    this.idle = true;
    postRunFailure(this.post, this.section, this.runId, `${what}: ${(e as Error).message}`);
  }

  /** After each evaluation: the speed, the batch to the page and the checkpointer's history. */
  protected evaluatedPoint(m: MetricsOf<S>): void {
    this.rate.record(m.step);
    this.metrics.push(m);
    this.checkpoints?.evaluated(m);
  }

  protected async checkpoint(): Promise<void> {
    const source = this.checkpointSource();
    if (source) await this.checkpoints?.save(() => source.checkpoint());
  }

  protected status(status: Exclude<RunStatus, 'idle'>, message?: string): void {
    this.post({ type: 'status', section: this.section, runId: this.runId, status, message });
  }

  private async parked(): Promise<void> {
    if (this.disposed) return;
    await this.settle();
    if (this.disposed || !this.control.paused) return; // resumed or reset while it settled
    this.idle = true;
    this.metrics.flush();
    this.status('paused', `paused at step ${this.progressNow()?.step ?? 0}`);
    await this.checkpoint();
  }

  private sendBatch(points: MetricsOf<S>[]): void {
    const now = this.progressNow();
    if (this.disposed || !now) return;
    const { step, total } = now;
    const stepsPerSec = this.rate.stepsPerSec;
    const etaSeconds = stepsPerSec > 0 ? (total - step) / stepsPerSec : null;
    // The section ties the points to their type (one cast: TypeScript does not follow S into the message union).
    if (points.length > 0) this.post({ type: 'metrics', section: this.section, runId: this.runId, points } as FromWorker);
    this.post({ type: 'progress', section: this.section, runId: this.runId, step, total, stepsPerSec, etaSeconds });
  }

  private stopTicker(): void {
    if (this.ticker !== null) clearInterval(this.ticker);
    this.ticker = null;
  }
}
