/**
 * The page's handle on the engine worker. It only moves protocol messages; it never imports tfjs (the worker
 * bundle is built separately by Vite from the `new URL(...)` below).
 */
import type { ModelFile } from '../core/experiment/modelExport.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

export interface WorkerMemory {
  numTensors: number;
  numBytes: number;
}

export class EngineClient {
  private readonly worker: Worker;
  private nextRequestId = 1;
  private readonly memoryWaiters = new Map<number, (m: WorkerMemory) => void>();
  private readonly modelWaiters = new Map<number, (m: Extract<FromWorker, { type: 'modelFiles' }>) => void>();

  constructor(private readonly onMessage: (m: FromWorker) => void) {
    this.worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    this.worker.onerror = (e: ErrorEvent) => {
      this.onMessage({ type: 'error', message: `engine worker crashed: ${e.message || 'unknown error'}` });
    };
  }

  send(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  /** tf.memory() inside the worker (used by tests to check that training does not leak tensors). */
  memory(): Promise<WorkerMemory> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      this.memoryWaiters.set(requestId, resolve);
      this.send({ type: 'memory', requestId });
    });
  }

  /** The current transformer as TransformerLens files; rejects with the worker's reason (e.g. still training). */
  exportModel(): Promise<{ step: number; files: ModelFile[] }> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      this.modelWaiters.set(requestId, (m) => (m.error ? reject(new Error(m.error)) : resolve({ step: m.step, files: m.files })));
      this.send({ type: 'exportModel', requestId });
    });
  }

  /** Ends the worker at once: its tensors and GPU buffers go with it. */
  terminate(): void {
    this.worker.terminate();
    this.memoryWaiters.clear();
    this.modelWaiters.clear();
  }

  private receive(msg: FromWorker): void {
    if (msg.type === 'memory') {
      this.memoryWaiters.get(msg.requestId)?.(msg);
      this.memoryWaiters.delete(msg.requestId);
      return;
    }
    if (msg.type === 'modelFiles') {
      this.modelWaiters.get(msg.requestId)?.(msg);
      this.modelWaiters.delete(msg.requestId);
      return;
    }
    this.onMessage(msg);
  }
}
