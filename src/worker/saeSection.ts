/**
 * The worker's host for the SAE, stability and features sections: routes their messages to the current SaeRun.
 * Commands that replace state (train, import, reset) go through the engine's command queue (sectionHost.ts), so an
 * SAE run never reads a transformer that is being reset, and a new SAE run starts only after the previous one has
 * freed its tensors.
 */
import { SpecError } from '../core/spec/fields.ts';
import { importedSaesProblem } from '../core/io/saeImport.ts';
import type { SaeWeights } from '../core/sae/init.ts';
import { type SaeSpec, validateSaes } from '../core/spec/sae.ts';
import { Checkpointer } from './checkpointer.ts';
import type { StoredRunRef } from './protocol.ts';
import { postRunFailure } from './runHost.ts';
import { SaeRun } from './saeRun.ts';
import type { EngineContext, SectionHost, SectionMessage, TransformerSource } from './sectionHost.ts';
import { BaselineCache } from '../core/experiment/stabilityTracker.ts';

export class SaeSection implements SectionHost {
  private run: SaeRun | null = null;
  private readonly baselines = new BaselineCache();

  constructor(private readonly ctx: EngineContext) {}

  /** The transformer is read when a queued command runs, not when it arrives. */
  handle(msg: SectionMessage): void {
    if (msg.section === 'stability') {
      if (msg.type === 'analyze' && this.run?.runId === msg.runId) this.run.reanalyze(msg.sharedThreshold);
      return;
    }
    if (msg.section === 'features') {
      if (msg.type === 'inspectLatent' && this.run?.runId === msg.runId) this.run.inspectLatent(msg.seedIndex, msg.latent);
      return;
    }
    if (msg.section !== 'saes') return;
    const { enqueue, transformer } = this.ctx;
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
      start = stored?.resume ? await this.ctx.storage.resumePoint(stored.id) : undefined;
    } catch (e) {
      return fail(`cannot resume: ${(e as Error).message}`);
    }
    const from = start?.state;
    const checkpoints = stored && new Checkpointer(this.ctx.storage, stored.id, 'saes', runId, this.ctx.post, start && { step: start.state.step, history: start.history });
    await this.prepareAndStart(new SaeRun(spec, runId, sharedThreshold, this.baselines, this.ctx.post, null, { from, checkpoints }), source, 'could not prepare the SAEs');
  }

  /** Imported SAEs become the finished run: the same preparation and analyses as trained ones, without training. */
  private async install(runId: number, spec: SaeSpec, weights: SaeWeights[], sharedThreshold: number, source: TransformerSource | null): Promise<void> {
    await this.reset();
    const problem = source ? importedSaesProblem(spec, weights, source.spec) : 'train the transformer first: imported SAEs are analysed on its activations';
    if (problem || !source) return this.fail(runId, problem ?? '');
    await this.prepareAndStart(new SaeRun(spec, runId, sharedThreshold, this.baselines, this.ctx.post, weights), source, 'could not install the imported SAEs');
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
    postRunFailure(this.ctx.post, 'saes', runId, message);
  }

  private async reset(): Promise<void> {
    const run = this.run;
    this.run = null;
    await run?.dispose();
  }
}
