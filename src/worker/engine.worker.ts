/**
 * The engine worker: a thin host around the science core. Every tensor of the app lives here; the page only sends
 * the coarse commands of protocol.ts and renders what comes back.
 *
 * A command that names a section goes to that section's host (SECTIONS below, sectionHost.ts); the engine handles
 * the rest. Commands that replace state (init, train, reset) run one after another on one queue, so a new run never
 * starts before the previous one has stopped and freed its tensors. Pause, resume, stop and memory act at once.
 */
import * as tf from '../core/tf.ts';
import { notWebgpuReason, startBrowserBackend, watchWebgpuDeviceLoss } from '../host/browserBackend.ts';
import { WorkerStorage } from './checkpointer.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { SaeSection } from './saeSection.ts';
import { StabiliseHost } from './stabiliseRun.ts';
import type { EngineContext, SectionHost, SectionKey, SectionMessage } from './sectionHost.ts';
import { TransformerSection } from './transformerSection.ts';

/** The worker's global scope, typed by hand: the app's tsconfig uses the DOM lib, which clashes with "webworker". */
const scope = self as unknown as {
  postMessage(m: FromWorker): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};
const post = (m: FromWorker): void => scope.postMessage(m);

type EngineMessage = Exclude<ToWorker, SectionMessage>;

class Engine {
  private queue: Promise<void> = Promise.resolve();
  private readonly ctx: EngineContext = {
    post,
    storage: new WorkerStorage(),
    enqueue: (task) => this.enqueue(task),
    transformer: () => this.transformer.source(),
  };
  private readonly transformer = new TransformerSection(this.ctx);
  private readonly saes = new SaeSection(this.ctx);
  private readonly stabilise = new StabiliseHost(this.ctx);
  /** Which host serves each section: one line per section (a host may serve several). */
  private readonly sections: Record<SectionKey, SectionHost> = {
    transformer: this.transformer,
    fourier: this.transformer,
    saes: this.saes,
    stability: this.saes,
    features: this.saes,
    stabilise: this.stabilise,
  };

  handle(msg: ToWorker): void {
    if ('section' in msg) return this.sections[msg.section].handle(msg);
    this.handleOwn(msg);
  }

  private handleOwn(msg: EngineMessage): void {
    switch (msg.type) {
      case 'init':
        return this.enqueue(() => this.init(msg.backend));
      case 'checkpointEvery':
        this.ctx.storage.everyMs = Math.max(1, msg.seconds) * 1000;
        return;
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
      for (const host of new Set(Object.values(this.sections))) host.stop();
      post({ type: 'error', message });
    });
  }

  private async exportModel(requestId: number): Promise<void> {
    try {
      post({ type: 'modelFiles', requestId, ...(await this.transformer.files()) });
    } catch (e) {
      post({ type: 'modelFiles', requestId, step: 0, files: [], error: (e as Error).message });
    }
  }
}

const engine = new Engine();
scope.onmessage = (e) => engine.handle(e.data);
