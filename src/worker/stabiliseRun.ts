/**
 * The worker's host for the Stabilise section (issue 14): one comparison run at a time (core/stabilise/comparison.ts)
 * on the current transformer's activations. The activations and key frequencies are read on the engine's command
 * queue (the transformer cannot be reset meanwhile); training then runs off the queue on its own copy, reporting
 * progress every PROGRESS_EVERY_MS and yielding to the event loop often enough for Stop to arrive.
 */
import * as tf from '../core/tf.ts';
import { embeddingSpectrum } from '../core/analysis/fourier.ts';
import { collectActivations } from '../core/sae/activations.ts';
import type { ActivationData } from '../core/sae/init.ts';
import { SPEC_VERSION } from '../core/spec/experiment.ts';
import { SpecError } from '../core/spec/fields.ts';
import { type SaeSpec, saeHookName, validateSaes } from '../core/spec/sae.ts';
import { type ArmResumePoint, type StabiliseBlock, concludeComparison, trainArms, validateStabiliseBlock } from '../core/stabilise/comparison.ts';
import type { FinishedArm } from '../core/stabilise/finished.ts';
import { type StabiliseSummary, unrunnable } from '../core/stabilise/record.ts';
import { armPoint, deleteArmPoint, putArmPoint } from '../storage/repo.ts';
import { RateMeter } from './batcher.ts';
import { PROGRESS_EVERY_MS } from './runHost.ts';
import type { EngineContext, SectionHost, SectionMessage, TransformerSource } from './sectionHost.ts';

type TrainMessage = Extract<SectionMessage, { type: 'train'; section: 'stabilise' }>;

/** Thrown from the step hook to end a run; runComparison disposes its trainers on the way out. */
class Stopped extends Error {}

interface Prepared {
  sae: SaeSpec;
  block: StabiliseBlock;
  acts: ActivationData;
  keyFrequencies: number[];
  source: TransformerSource;
  dropped: string | null;
  /** Arms an earlier run of this comparison kept (the page sends them back to continue it). */
  finished?: FinishedArm[];
  /** The arm an earlier run stopped in, as stored under `continueFrom`, or null. */
  point: ArmResumePoint | null;
  /** Where this run saves the arm in progress (its stored record), and the record it continues. */
  stored?: string;
  continueFrom?: string;
}

export class StabiliseHost implements SectionHost {
  private current: { runId: number; stopped: boolean; finished: Promise<void> } | null = null;
  private readonly post: EngineContext['post'];

  constructor(private readonly ctx: Pick<EngineContext, 'post' | 'enqueue' | 'transformer' | 'storage'>) {
    this.post = ctx.post;
  }

  /** Train (on the engine's queue: the transformer is read when it runs), and Stop / Reset; pause is not offered. */
  handle(msg: SectionMessage): void {
    if (msg.section !== 'stabilise') return;
    switch (msg.type) {
      case 'train':
        return this.ctx.enqueue(() => this.train(msg, this.ctx.transformer()));
      case 'stop':
      case 'reset':
        return this.stop();
    }
  }

  stop(): void {
    if (this.current) this.current.stopped = true;
  }

  private async train(msg: TrainMessage, source: TransformerSource | null): Promise<void> {
    this.stop();
    await this.current?.finished;
    const run = { runId: msg.runId, stopped: false, finished: Promise.resolve() };
    this.current = run;
    let prepared: Prepared;
    try {
      prepared = await this.prepare(msg, source);
    } catch (e) {
      return this.fail(run.runId, e instanceof SpecError ? e.message : (e as Error).message);
    }
    run.finished = this.compare(run, msg.name, prepared); // off the queue: the transformer may train on meanwhile
  }

  /** Checks the message and reads what the comparison trains on (on the command queue). */
  private async prepare(msg: TrainMessage, source: TransformerSource | null): Promise<Prepared> {
    if (!source) throw new Error('train the transformer first: the stabilisers train SAEs on its activations');
    const sae = validateSaes(msg.sae, source.spec);
    if (sae.seeds.length < 2) throw new Error('give at least two SAE seeds: stability is measured between seeds');
    const checked = validateStabiliseBlock(msg.stabilise, sae.seeds);
    this.status(msg.runId, 'running', `reading ${saeHookName(sae)} at step ${source.step}…`);
    const acts = collectActivations(source.model, saeHookName(sae), sae.position); // [rows, d_in]
    let data: ActivationData;
    try {
      data = { data: (await acts.data()) as Float32Array, rows: acts.shape[0], cols: acts.shape[1] };
    } finally {
      acts.dispose();
    }
    const { p, dModel } = source.spec;
    const keyFrequencies = embeddingSpectrum((await source.model.params.WE.data()) as Float32Array, p, dModel).keyFrequencies;
    const { block, dropped } = unrunnable(checked, keyFrequencies);
    // A point that cannot be read (storage gone, another tab upgraded it) only means the arm starts again.
    const point = msg.continueFrom ? await this.ctx.storage.open().then((db) => armPoint(db, msg.continueFrom!)).catch(() => null) : null;
    return { sae, block, acts: data, keyFrequencies, source, dropped, finished: msg.finished, point, stored: msg.stored, continueFrom: msg.continueFrom };
  }

  /** Saves the arm in progress under the run's stored record every few seconds; a failed write loses only that point. */
  private armCheckpoints(runId: number, x: Prepared, step: () => number) {
    const stored = x.stored;
    if (!stored) return undefined;
    let last = performance.now();
    let oldDropped = x.continueFrom === undefined || x.continueFrom === stored;
    return {
      due: () => performance.now() - last >= this.ctx.storage.everyMs,
      save: async (point: ArmResumePoint) => {
        last = performance.now();
        const db = await this.ctx.storage.open().catch(() => null);
        if (!db || !(await putArmPoint(db, stored, point).then(() => true, () => false))) return;
        this.post({ type: 'stabiliseCheckpointed', section: 'stabilise', runId, label: point.label, step: step() });
        // The record continued from is history now: its point would only take space.
        if (!oldDropped) {
          oldDropped = true;
          void deleteArmPoint(db, x.continueFrom!).catch(() => undefined);
        }
      },
    };
  }

  /** A complete comparison needs no point to continue from. */
  private async dropPoints(x: Prepared): Promise<void> {
    const db = await this.ctx.storage.open().catch(() => null);
    for (const id of new Set([x.stored, x.continueFrom])) if (db && id) await deleteArmPoint(db, id).catch(() => undefined);
  }

  private async compare(run: { runId: number; stopped: boolean }, name: string, x: Prepared): Promise<void> {
    const { runId } = run;
    const rate = new RateMeter();
    let step = 0;
    let total = 0;
    let lastYield = performance.now();
    let lastProgress = lastYield;
    const progress = () => {
      rate.record(step);
      const stepsPerSec = rate.stepsPerSec;
      this.post({ type: 'progress', section: 'stabilise', runId, step, total, stepsPerSec, etaSeconds: stepsPerSec > 0 ? (total - step) / stepsPerSec : null });
    };
    const onStep = async () => {
      step++;
      const now = performance.now();
      if (now - lastYield > 30) {
        await new Promise<void>((r) => setTimeout(r, 0)); // lets Stop (and the page's other commands) in
        lastYield = performance.now();
      }
      if (run.stopped) throw new Stopped();
      if (now - lastProgress > PROGRESS_EVERY_MS) {
        lastProgress = now;
        progress();
      }
    };
    const finished: FinishedArm[] = [];
    let planned: string[] = [];
    let arm = 0;
    this.status(runId, 'running', x.dropped ?? undefined);
    try {
      await trainArms({
        sae: x.sae, acts: x.acts, block: x.block, fourier: { p: x.source.spec.p, keyFrequencies: x.keyFrequencies }, finished: x.finished,
        resumeArm: x.point ?? undefined,
        armCheckpoints: this.armCheckpoints(runId, x, () => step),
        onResumed: (at) => this.post({ type: 'stabiliseResumed', section: 'stabilise', runId, at }),
        onPlan: (plan) => {
          planned = plan.arms;
          total = plan.steps;
          step = plan.done;
          rate.restart(step);
          this.post({ type: 'stabilisePlan', section: 'stabilise', runId, ...plan });
        },
        onArm: (label) => this.post({ type: 'stabiliseArm', section: 'stabilise', runId, index: arm++, label }),
        onArmDone: (done) => {
          finished.push(done);
          arm = finished.length;
          this.post({ type: 'metrics', section: 'stabilise', runId, points: [done] });
        },
        onStep,
      });
      progress();
      this.status(runId, 'running', 'every arm trained: measuring the nulls on these activations…');
      await this.conclude(runId, name, x, finished, planned, step, false);
      await this.dropPoints(x);
      this.status(runId, 'done', x.dropped ?? undefined);
    } catch (e) {
      if (!(e instanceof Stopped)) return this.fail(runId, `stabiliser comparison failed: ${(e as Error).message}`);
      const kept = finished.length;
      if (kept > 0) this.status(runId, 'running', `stopped: comparing the ${kept} finished arm${kept > 1 ? 's' : ''}…`);
      try {
        await this.conclude(runId, name, x, finished, planned, step, true);
      } catch (e2) {
        return this.fail(runId, `stabiliser comparison failed: ${(e2 as Error).message}`);
      }
      const missing = planned.length - kept;
      this.status(runId, 'done', kept > 0
        ? `stopped at step ${step} of ${total}: ${kept} arm${kept > 1 ? 's' : ''} kept, ${missing} missing — Start continues with the missing ones`
        : `stopped at step ${step} of ${total}, before the first arm finished: nothing to compare`);
    }
  }

  /** Compares the finished arms (every arm, or those a stopped run kept) and posts the result as the run's summary. */
  private async conclude(runId: number, name: string, x: Prepared, finished: FinishedArm[], planned: string[], steps: number, stopped: boolean): Promise<void> {
    const result = await concludeComparison(x.acts, finished, planned);
    const summary: StabiliseSummary = {
      spec: { version: SPEC_VERSION, name, transformer: x.source.spec, saes: x.sae, stabilise: x.block },
      backend: tf.getBackend(), keyFrequencies: x.keyFrequencies, transformerStep: x.source.step, ...result, stopped, steps,
    };
    this.post({ type: 'done', section: 'stabilise', runId, summary });
  }

  private status(runId: number, status: 'running' | 'done' | 'error', message?: string): void {
    this.post({ type: 'status', section: 'stabilise', runId, status, message });
  }

  private fail(runId: number, message: string): void {
    this.post({ type: 'error', section: 'stabilise', runId, message });
    this.status(runId, 'error', message);
  }
}
