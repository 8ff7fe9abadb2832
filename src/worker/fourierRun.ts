/**
 * The Fourier section inside the worker: watches the transformer run (it is the run's RunWatcher), reads the model
 * over all p² inputs at a throttled rate while it trains, and posts snapshots of its Fourier structure
 * (fourierAnalysis.ts) plus the detailed views of the neuron and head the page has selected.
 *
 * Rate: at most one analysis in flight, at least MIN_INTERVAL_MS apart, and never more than MAX_DUTY of the wall
 * time (an analysis costs one forward pass over p² inputs plus O(d_mlp · p²) arithmetic, small beside training but
 * not free on large specs or slow backends). The run also settles it when it parks or ends, so the last snapshot
 * always shows the model as it stands.
 */
import * as tf from '../core/tf.ts';
import type { TransformerTrainer } from '../core/train/transformerTrainer.ts';
import type { Cache } from '../core/transformer/model.ts';
import { type ModelReadout, detailOf, snapshotOf } from './fourierAnalysis.ts';
import type { FourierSelection } from './fourierMessages.ts';
import type { FromWorker } from './protocol.ts';
import type { RunWatcher } from './transformerRun.ts';

export const MIN_INTERVAL_MS = 1000;
export const MAX_DUTY = 0.2;
/** Inputs per forward pass: bounds the hook tensors ([chunk, 3, d_mlp] and the attention intermediates). */
const CHUNK = 2048;

/**
 * Enqueues the forward passes at once (the model cannot change under them: a training step enqueued later runs
 * after them on every backend) and resolves with the arrays once read. Every tensor it makes is freed before it
 * resolves or rejects.
 */
export function readModel(trainer: TransformerTrainer, chunk = CHUNK): Promise<ModelReadout> {
  const { spec, dataset, model } = trainer;
  const { p, dModel, dMlp, nHeads } = spec;
  const layer = spec.nLayers - 1;
  const P = p * p;
  const postName = `blocks.${layer}.mlp.hook_post`;
  const patternName = `blocks.${layer}.attn.hook_pattern`;
  const want = new Set([postName, patternName]);
  const step = trainer.stepCount;
  const WE = tf.clone(model.params.WE); // [p + 1, d_model], holds this step's values after later updates
  const chunks: { start: number; n: number; tensors: tf.Tensor[] }[] = [];
  for (let start = 0; start < P; start += chunk) {
    const n = Math.min(chunk, P - start);
    const tensors = tf.tidy(() => {
      const tokens = tf.tensor2d(dataset.allTokens.subarray(start * 3, (start + n) * 3), [n, 3], 'int32');
      const cache: Cache = new Map();
      const logits = model.forward(tokens, want, cache); // [n, p]
      const post = cache.get(postName)!; // [n, 3, d_mlp]
      const pattern = cache.get(patternName)!; // [n, H, 3, 3]
      const out = [
        logits,
        post.slice([0, 2, 0], [n, 1, dMlp]).reshape([n, dMlp]), // [n, d_mlp] at '='
        pattern.slice([0, 0, 2, 0], [n, nHeads, 1, 3]).reshape([n, nHeads, 3]), // [n, H, 3] from '='
      ];
      cache.forEach((t) => t.dispose()); // the model keeps hook tensors out of tidy: free them here
      return out;
    });
    chunks.push({ start, n, tensors });
  }
  const all = [WE, ...chunks.flatMap((c) => c.tensors)];
  const reads = all.map((t) => t.data() as Promise<Float32Array>); // issued now, in enqueue order
  return Promise.all(reads).then(
    ([we, ...parts]) => {
      tf.dispose(all);
      const logits = new Float32Array(P * p);
      const mlp = new Float32Array(P * dMlp);
      const pattern = new Float32Array(P * nHeads * 3);
      chunks.forEach(({ start }, i) => {
        logits.set(parts[3 * i], start * p);
        mlp.set(parts[3 * i + 1], start * dMlp);
        pattern.set(parts[3 * i + 2], start * nHeads * 3);
      });
      const { trainIdx, testIdx } = dataset;
      return { step, p, dModel, dMlp, nHeads, layer, WE: we, mlp, pattern, logits, trainIdx, testIdx };
    },
    (e: unknown) => {
      tf.dispose(all);
      throw e;
    },
  );
}

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
