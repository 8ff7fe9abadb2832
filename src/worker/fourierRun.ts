/**
 * The Fourier section inside the worker: watches the transformer run (it is the run's RunWatcher), reads the model
 * over all p² inputs at a throttled rate while it trains, and posts snapshots of its Fourier structure
 * (core/experiment: fourierReadout.ts reads, fourierSnapshot.ts computes) plus the detailed views of the neuron and head the page has selected.
 *
 * Rate: at most one analysis in flight, at least MIN_INTERVAL_MS apart, and never more than MAX_DUTY of the wall
 * time (an analysis costs one forward pass over p² inputs plus O(d_mlp · p²) arithmetic, small beside training but
 * not free on large specs or slow backends). The run also settles it when it parks or ends, so the last snapshot
 * always shows the model as it stands.
 */
import type { TransformerTrainer } from '../core/train/transformerTrainer.ts';
import { readModel } from '../core/experiment/fourierReadout.ts';
import { type ModelReadout, detailOf, snapshotOf } from '../core/experiment/fourierSnapshot.ts';
import type { FourierSelection } from '../core/experiment/fourierViews.ts';
import type { FromWorker } from './protocol.ts';
import type { RunWatcher } from './transformerRun.ts';

export const MIN_INTERVAL_MS = 1000;
export const MAX_DUTY = 0.2;

export class FourierRun implements RunWatcher {
  private inFlight: Promise<void> | null = null;
  private lastStart = -Infinity;
  private lastCost = 0;
  private latest: ModelReadout | null = null;
  private detached = false;

  constructor(
    readonly runId: number,
    private readonly post: (m: FromWorker) => void,
    private selection: FourierSelection = { neuron: 0, head: 0 },
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** After each evaluation of the run: analyse when due (see the rate rule above). */
  evaluated(trainer: TransformerTrainer): void {
    if (this.detached || this.inFlight) return;
    const wait = Math.max(MIN_INTERVAL_MS, this.lastCost / MAX_DUTY);
    if (this.now() - this.lastStart >= wait) this.analyse(trainer);
  }

  /** The run parks or ends: finish what is in flight, analyse the current step if not yet done, hold no tensors. */
  async settle(trainer: TransformerTrainer): Promise<void> {
    await this.inFlight;
    if (!this.detached && this.latest?.step !== trainer.stepCount) this.analyse(trainer);
    await this.inFlight;
  }

  /** The run is being disposed: stop analysing and wait until no read of its model is in flight. */
  async detach(): Promise<void> {
    this.detached = true;
    await this.inFlight;
    this.latest = null;
  }

  /** The page picked another neuron or head: answer from the latest readout (no model access needed). */
  inspect(selection: FourierSelection): void {
    this.selection = selection;
    if (this.latest && !this.detached) {
      this.post({ type: 'detail', section: 'fourier', runId: this.runId, detail: detailOf(this.latest, selection) });
    }
  }

  private analyse(trainer: TransformerTrainer): void {
    const started = this.now();
    this.lastStart = started;
    let pending: Promise<ModelReadout>;
    try {
      pending = readModel(trainer);
    } catch (e) {
      pending = Promise.reject(e);
    }
    this.inFlight = pending
      .then((readout) => {
        if (this.detached) return;
        this.latest = readout;
        const snapshot = snapshotOf(readout, this.now() - started);
        this.post({ type: 'snapshot', section: 'fourier', runId: this.runId, snapshot, detail: detailOf(readout, this.selection) });
      })
      .catch((e: unknown) => {
        if (!this.detached) this.post({ type: 'error', section: 'fourier', runId: this.runId, message: `Fourier analysis failed: ${(e as Error).message}` });
      })
      .finally(() => {
        this.lastCost = this.now() - started;
        this.inFlight = null;
      });
  }
}
