/**
 * The worker's host for the SAE and stability sections: routes their messages to the current SaeRun. Commands that
 * replace state (train, reset) go through the engine's command queue, so an SAE run never reads a transformer that
 * is being reset, and a new SAE run starts only after the previous one has freed its tensors.
 */
import { SpecError } from '../core/spec/fields.ts';
import { importedSaesProblem } from '../core/io/saeImport.ts';
import type { SaeWeights } from '../core/sae/init.ts';
import { type SaeSpec, validateSaes } from '../core/spec/sae.ts';
import { Checkpointer, WorkerStorage } from './checkpointer.ts';
import type { FromWorker, SectionName, StoredRunRef, ToWorker } from './protocol.ts';
import { SaeRun, type TransformerSource } from './saeRun.ts';
import { BaselineCache } from '../core/experiment/stabilityTracker.ts';

export type SaeSectionMessage = Extract<ToWorker, { section: SectionName }> & { section: 'saes' | 'stability' };

export function isSaeSectionMessage(m: ToWorker): m is SaeSectionMessage {
  return 'section' in m && (m.section === 'saes' || m.section === 'stability');
}

export class SaeSection {
  private run: SaeRun | null = null;
  private readonly baselines = new BaselineCache();

  constructor(
    private readonly post: (m: FromWorker) => void,
    private readonly storage: WorkerStorage = new WorkerStorage(),
  ) {}

  /** `transformer` is read when a queued train command runs, not when it arrives. */
  handle(msg: SaeSectionMessage, transformer: () => TransformerSource | null, enqueue: (task: () => Promise<void>) => void): void {
    if (msg.section === 'stability') {
      if (msg.type === 'analyze' && this.run?.runId === msg.runId) this.run.reanalyze(msg.sharedThreshold);
      return;
    }
    switch (msg.type) {
      case 'train':
        return enqueue(() => this.train(msg.runId, msg.spec, msg.sharedThreshold, transformer(), msg.stored));
      case 'import':
        return enqueue(() => this.install(msg.runId, msg.spec, msg.weights, msg.sharedThreshold, transformer()));
      case 'reset':
        return enqueue(() => this.reset());
      case 'pause':
        return this.run?.pause();
      case 'resume':
        return this.run?.resume();
      case 'stop':
        return this.run?.stop();
    }
  }

  /** The features section's explorer: one latent of the current (finished) run. */
  inspectLatent(runId: number, seedIndex: number, latent: number): void {
    if (this.run?.runId === runId) this.run.inspectLatent(seedIndex, latent);
  }

  /** Stops the current run (the GPU device was lost). */
  stop(): void {
    this.run?.stop();
  }

  private async train(runId: number, rawSpec: unknown, sharedThreshold: number, source: TransformerSource | null, stored?: StoredRunRef): Promise<void> {
    await this.reset();
    const fail = (message: string) => this.fail(runId, message);
    if (!source) return fail('train the transformer first: the SAEs read its activations');
    let spec;
    try {
      spec = validateSaes(rawSpec, source.spec); // the message is input like any other: check it
    } catch (e) {
      return fail(e instanceof SpecError ? e.message : `invalid SAE spec: ${(e as Error).message}`);
    }
    let start;
    try {
      start = stored?.resume ? await this.storage.resumePoint(stored.id) : undefined;
    } catch (e) {
      return fail(`cannot resume: ${(e as Error).message}`);
    }
    const from = start?.state;
    const checkpoints = stored && new Checkpointer(this.storage, stored.id, 'saes', runId, this.post, start && { step: start.state.step, history: start.history });
    await this.prepareAndStart(new SaeRun(spec, runId, sharedThreshold, this.baselines, this.post, null, { from, checkpoints }), source, 'could not prepare the SAEs');
  }

  /** Imported SAEs become the finished run: the same preparation and analyses as trained ones, without training. */
  private async install(runId: number, spec: SaeSpec, weights: SaeWeights[], sharedThreshold: number, source: TransformerSource | null): Promise<void> {
    await this.reset();
    const problem = source ? importedSaesProblem(spec, weights, source.spec) : 'train the transformer first: imported SAEs are analysed on its activations';
    if (problem || !source) return this.fail(runId, problem ?? '');
    await this.prepareAndStart(new SaeRun(spec, runId, sharedThreshold, this.baselines, this.post, weights), source, 'could not install the imported SAEs');
  }

  /** Reads the transformer's activations into the run, then starts it; a run that cannot prepare is disposed. */
  private async prepareAndStart(run: SaeRun, source: TransformerSource, failure: string): Promise<void> {
    this.run = run;
    try {
      await run.prepare(source);
    } catch (e) {
      await run.dispose();
      this.run = null;
      return this.fail(run.runId, `${failure}: ${(e as Error).message}`);
    }
    void run.start();
  }

  private fail(runId: number, message: string): void {
    this.post({ type: 'error', section: 'saes', runId, message });
    this.post({ type: 'status', section: 'saes', runId, status: 'error', message });
  }

  private async reset(): Promise<void> {
    const run = this.run;
    this.run = null;
    await run?.dispose();
  }
}
