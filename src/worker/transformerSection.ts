/**
 * The worker's host for the transformer and Fourier sections: trains, resumes or opens a stored transformer run
 * (TransformerRun) with the Fourier section's analysis watching it (FourierRun), and serves the model to SAE runs
 * and to the page's download.
 */
import type { FourierSelection } from '../core/experiment/fourierViews.ts';
import { validateSpec } from '../core/spec/experiment.ts';
import { SpecError } from '../core/spec/fields.ts';
import { Checkpointer } from './checkpointer.ts';
import { FourierRun } from './fourierRun.ts';
import type { StoredRunRef } from './protocol.ts';
import { postRunFailure } from './runHost.ts';
import type { EngineContext, SectionHost, SectionMessage, TransformerSource } from './sectionHost.ts';
import { TransformerRun } from './transformerRun.ts';

export class TransformerSection implements SectionHost {
  private run: TransformerRun | null = null;
  /** The Fourier section's analysis of `run`, and the neuron/head the page shows (kept across runs). */
  private fourier: FourierRun | null = null;
  private fourierSelection: FourierSelection = { neuron: 0, head: 0 };

  constructor(private readonly ctx: EngineContext) {}

  handle(msg: SectionMessage): void {
    if (msg.section === 'fourier') {
      if (msg.type !== 'inspect') return;
      this.fourierSelection = msg.selection;
      return this.fourier?.inspect(msg.selection);
    }
    if (msg.section !== 'transformer') return;
    switch (msg.type) {
      case 'train':
        return this.ctx.enqueue(() => this.open(msg.runId, msg.spec, msg.stored));
      case 'restore':
        return this.ctx.enqueue(() => this.open(msg.runId, msg.spec, { id: msg.stored, resume: true }, false, msg.imported));
      case 'reset':
        return this.ctx.enqueue(() => this.reset());
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

  /** The model as it is now, for an SAE run to read. */
  source(): TransformerSource | null {
    return this.run?.source() ?? null;
  }

  /** model.safetensors and config.json of the model as it is now (refused while a step may run). */
  files(): ReturnType<TransformerRun['files']> {
    if (!this.run) return Promise.reject(new Error('no transformer yet: train one first'));
    return this.run.files();
  }

  /** Trains (fresh, or resumed from a stored checkpoint), or with `train` false only loads a stored run's model. */
  private async open(runId: number, rawSpec: unknown, stored?: StoredRunRef, train = true, imported?: { splitKnown: boolean }): Promise<void> {
    await this.reset();
    const fail = (message: string) => postRunFailure(this.ctx.post, 'transformer', runId, message);
    let spec;
    try {
      spec = validateSpec(rawSpec); // the message is input like any other: check it
    } catch (e) {
      return fail(e instanceof SpecError ? e.message : `invalid spec: ${(e as Error).message}`);
    }
    this.fourier = new FourierRun(runId, this.ctx.post, this.fourierSelection);
    try {
      const start = stored?.resume ? await this.ctx.storage.resumePoint(stored.id) : undefined;
      const from = start?.state;
      const at = start && { step: start.state.step, history: start.history };
      const checkpoints = stored && train ? new Checkpointer(this.ctx.storage, stored.id, 'transformer', runId, this.ctx.post, at) : undefined;
      this.run = new TransformerRun(spec.transformer, runId, this.ctx.post, this.fourier, { from, checkpoints });
    } catch (e) {
      this.fourier = null;
      return fail(`cannot ${train ? 'resume' : 'open'} this run: ${(e as Error).message}`);
    }
    void (train ? this.run.start() : this.run.showRestored(imported));
  }

  private async reset(): Promise<void> {
    const run = this.run;
    this.run = null;
    this.fourier = null;
    await run?.dispose();
  }
}
