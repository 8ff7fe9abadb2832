/**
 * The engine worker: a thin host around the science core. Every tensor of the app lives here; the page only sends
 * the coarse commands of protocol.ts and renders what comes back.
 *
 * Commands that replace state (init, train, reset) run one after another on a queue, so a new run never starts
 * before the previous one has stopped and freed its tensors. Pause, resume, stop and memory act at once.
 */
import * as tf from '../core/tf.ts';
import { SpecError } from '../core/spec/fields.ts';
import { validateSpec } from '../core/spec/experiment.ts';
import { notWebgpuReason, startBrowserBackend, watchWebgpuDeviceLoss } from '../host/browserBackend.ts';
import { FourierRun } from './fourierRun.ts';
import type { FourierSelection } from '../core/experiment/fourierViews.ts';
import { Checkpointer, WorkerStorage } from './checkpointer.ts';
import type { FromWorker, StoredRunRef, ToWorker } from './protocol.ts';
import { SaeSection, isSaeSectionMessage } from './saeSection.ts';
import { StabiliseHost, isStabiliseMessage } from './stabiliseRun.ts';
import { TransformerRun } from './transformerRun.ts';

/** The worker's global scope, typed by hand: the app's tsconfig uses the DOM lib, which clashes with "webworker". */
const scope = self as unknown as {
  postMessage(m: FromWorker): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};
const post = (m: FromWorker): void => scope.postMessage(m);

class Engine {
  private run: TransformerRun | null = null;
  /** The Fourier section's analysis of `run`, and the neuron/head the page shows (kept across runs). */
  private fourier: FourierRun | null = null;
  private fourierSelection: FourierSelection = { neuron: 0, head: 0 };
  private queue: Promise<void> = Promise.resolve();
  private readonly storage = new WorkerStorage();
  private readonly saes = new SaeSection(post, this.storage);
  private readonly stabilise = new StabiliseHost(post);

  handle(msg: ToWorker): void {
    if (isSaeSectionMessage(msg)) return this.saes.handle(msg, () => this.run?.source() ?? null, (task) => this.enqueue(task));
    if (isStabiliseMessage(msg)) return this.stabilise.handle(msg, () => this.run?.source() ?? null, (task) => this.enqueue(task));
    if (msg.type === 'inspectLatent') return this.saes.inspectLatent(msg.runId, msg.seedIndex, msg.latent);
    switch (msg.type) {
      case 'init':
        return this.enqueue(() => this.init(msg.backend));
      case 'train':
        return this.enqueue(() => this.train(msg.runId, msg.spec, msg.stored));
      case 'restore':
        return this.enqueue(() => this.train(msg.runId, msg.spec, { id: msg.stored, resume: true }, false, msg.imported));
      case 'checkpointEvery':
        this.storage.everyMs = Math.max(1, msg.seconds) * 1000;
        return;
      case 'reset':
        return this.enqueue(() => this.reset());
      case 'pause':
        return this.run?.pause();
      case 'resume':
        return this.run?.resume();
      case 'stop':
        return this.run?.stop();
      case 'inspect':
        this.fourierSelection = msg.selection;
        return this.fourier?.inspect(msg.selection);
      case 'exportModel':
        return this.enqueue(() => this.exportModel(msg.requestId));
      case 'memory': {
        const { numTensors, numBytes } = tf.memory();
        return post({ type: 'memory', requestId: msg.requestId, numTensors, numBytes });
      }
      default: {
        const unknown: never = msg;
        post({ type: 'error', message: `unknown message ${JSON.stringify(unknown)}` });
      }
    }
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((e: unknown) => post({ type: 'error', message: (e as Error).message }));
  }

  private async init(choice: Parameters<typeof startBrowserBackend>[0]): Promise<void> {
    const started = await startBrowserBackend(choice);
    post({ type: 'ready', backend: started.backend, reason: notWebgpuReason(started, choice), failures: started.failures });
    watchWebgpuDeviceLoss((message) => {
      this.run?.stop();
      this.saes.stop();
      this.stabilise.stop();
      post({ type: 'error', message });
    });
  }

  /** Trains (fresh, or resumed from a stored checkpoint), or with `train` false only loads a stored run's model. */
  private async train(runId: number, rawSpec: unknown, stored?: StoredRunRef, train = true, imported?: { splitKnown: boolean }): Promise<void> {
    await this.reset();
    const fail = (message: string) => {
      post({ type: 'error', section: 'transformer', runId, message });
      post({ type: 'status', section: 'transformer', runId, status: 'error', message });
    };
    let spec;
    try {
      spec = validateSpec(rawSpec); // the message is input like any other: check it
    } catch (e) {
      return fail(e instanceof SpecError ? e.message : `invalid spec: ${(e as Error).message}`);
    }
    this.fourier = new FourierRun(runId, post, this.fourierSelection);
    try {
      const start = stored?.resume ? await this.storage.resumePoint(stored.id) : undefined;
      const from = start?.state;
      const at = start && { step: start.state.step, history: start.history };
      const checkpoints = stored && train ? new Checkpointer(this.storage, stored.id, 'transformer', runId, post, at) : undefined;
      this.run = new TransformerRun(spec.transformer, runId, post, this.fourier, { from, checkpoints });
    } catch (e) {
      this.fourier = null;
      return fail(`cannot ${train ? 'resume' : 'open'} this run: ${(e as Error).message}`);
    }
    void (train ? this.run.start() : this.run.showRestored(imported));
  }

  private async exportModel(requestId: number): Promise<void> {
    try {
      if (!this.run) throw new Error('no transformer yet: train one first');
      post({ type: 'modelFiles', requestId, ...(await this.run.files()) });
    } catch (e) {
      post({ type: 'modelFiles', requestId, step: 0, files: [], error: (e as Error).message });
    }
  }

  private async reset(): Promise<void> {
    const run = this.run;
    this.run = null;
    this.fourier = null;
    await run?.dispose();
  }
}

const engine = new Engine();
scope.onmessage = (e) => engine.handle(e.data);
