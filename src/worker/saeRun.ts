/**
 * One SAE run inside the worker (cli/stages/saes.ts, hosted live): reads the current transformer's activations,
 * trains one SAE per seed, streams per-seed metrics and progress, feeds the stability tracker between steps, and
 * keeps the SAELens files of the result for export. Owns the SAE trainer's tensors until the run ends or is reset.
 *
 * An imported run (SAEs trained elsewhere, core/io/saeImport.ts) takes the same path without training: its weights
 * are evaluated once on the activations, then handed to the stability and features analyses like trained ones,
 * beside untrained SAEs of the same seeds and size (the lab's initialisation) as the chance reference.
 */
import * as tf from '../core/tf.ts';
import { collectActivations } from '../core/sae/activations.ts';
import { runSaeTraining } from '../core/sae/loop.ts';
import type { SaeMetrics } from '../core/sae/metrics.ts';
import { SaeTrainer, defaultSeedGrouping } from '../core/sae/trainer.ts';
import { type SaeSpec, saeHookName } from '../core/spec/sae.ts';
import type { TrainerCheckpoint } from '../core/train/checkpoint.ts';
import type { FromWorker } from './protocol.ts';
import { RunHost, endedLine } from './runHost.ts';
import type { TransformerSource } from './sectionHost.ts';
import { saeLensFiles } from '../core/experiment/saeExport.ts';
import type { StabilityUpdate } from './saeMessages.ts';
import { type BaselineCache, StabilityTracker } from '../core/experiment/stabilityTracker.ts';
import { embeddingSpectrum } from '../core/analysis/fourier.ts';
import { type ActivationData, type SaeWeights, activationStats, initialSaeWeights } from '../core/sae/init.ts';
import type { SaeRunSummary } from '../core/sae/loop.ts';
import { FeaturesAnalysis } from '../core/experiment/features.ts';
import type { Checkpointer } from './checkpointer.ts';

export class SaeRun extends RunHost<'saes'> {
  private trainer: SaeTrainer | null = null;
  private stability: StabilityTracker | null = null;
  /** Stability analyses run one after another (final, then threshold changes). */
  private analyses: Promise<void> = Promise.resolve();
  /** What the features section needs once training ends: the activations read, the untrained SAEs, p and key k. */
  private featureInput: { acts: ActivationData; initial: SaeWeights[]; p: number; keyFrequencies: number[] } | null = null;
  private features: FeaturesAnalysis | null = null;

  constructor(
    readonly spec: SaeSpec,
    runId: number,
    private sharedThreshold: number,
    private readonly baselines: BaselineCache,
    post: (m: FromWorker) => void,
    /** SAEs trained elsewhere (raw-activation space, one per seed): evaluated and analysed, not trained. */
    private readonly imported: SaeWeights[] | null = null,
    /** `from`: continue a stored run from its checkpoint; `checkpoints`: where this run's checkpoints go. */
    private readonly stored: { from?: TrainerCheckpoint; checkpoints?: Checkpointer } = {},
  ) {
    super('saes', runId, post, stored.checkpoints);
  }

  protected progressNow() {
    return this.trainer && { step: this.trainer.stepCount, total: this.imported ? 0 : this.trainer.totalSteps };
  }

  protected checkpointSource() {
    return this.trainer;
  }

  /**
   * Reads the activations and builds the trainer, then the stability baseline. The host runs this on its command
   * queue, so the transformer cannot be reset or replaced while it is read.
   */
  async prepare(source: TransformerSource): Promise<void> {
    this.status('running', `reading ${saeHookName(this.spec)} at step ${source.step}…`);
    const backend = tf.getBackend();
    const acts = collectActivations(source.model, saeHookName(this.spec), this.spec.position); // [rows, d_in]
    const seeding = defaultSeedGrouping(backend);
    let actsData: ActivationData;
    try {
      this.trainer = await SaeTrainer.create(this.spec, acts, { ...seeding, startFrom: this.imported ?? undefined }, this.stored.from);
      actsData = { data: (await acts.data()) as Float32Array, rows: acts.shape[0], cols: acts.shape[1] };
    } finally {
      acts.dispose();
    }
    const t = this.trainer;
    const { p, dModel } = source.spec;
    const keyFrequencies = embeddingSpectrum((await source.model.params.WE.data()) as Float32Array, p, dModel).keyFrequencies;
    const threshold = t.arch.threshold && t.arch.threshold.initial(this.spec) / t.scale; // raw units
    const initial = this.imported ? untrainedLike(this.spec.seeds, t.arch.decoderInitNorm, t.nLatents, actsData, threshold) : t.untrainedWeights();
    this.featureInput = { acts: actsData, initial, p, keyFrequencies };
    this.post({
      type: 'started', section: 'saes', runId: this.runId,
      info: {
        transformerRunId: source.runId, transformerStep: source.step, hookName: saeHookName(this.spec), position: this.spec.position,
        dIn: t.dIn, nLatents: t.nLatents, rows: t.rows, stepsPerEpoch: t.stepsPerEpoch, totalSteps: this.imported ? 0 : t.totalSteps,
        seeds: [...this.spec.seeds], grouping: seeding.grouping,
      },
    });
    if (this.spec.seeds.length >= 2) {
      this.stability = new StabilityTracker(this.spec.seeds, this.baselines, (update) => this.sendStability(update));
      this.status('running', 'random baseline, activation geometry and untrained SAEs for the stability section…');
      await this.stability.begin(this.featureInput.initial, this.sharedThreshold, actsData);
    }
  }

  /** New shared-latent threshold: used by the final analysis, or recomputed at once when training has ended. */
  reanalyze(sharedThreshold: number): void {
    this.sharedThreshold = sharedThreshold;
    this.queueAnalysis(() => this.stability?.reanalyze(sharedThreshold));
  }

  protected release(): void {
    this.trainer?.dispose();
    this.trainer = null;
  }

  /** Trains (or evaluates imported SAEs), then the final stability and features analyses. */
  protected async train(): Promise<void> {
    const trainer = this.trainer!;
    try {
      const summary = this.imported ? await this.evaluateImported(trainer) : await runSaeTraining(trainer, (m) => this.evaluated(m), this.control);
      if (this.disposed) return;
      const weights = await trainer.weights();
      const files = saeLensFiles(this.spec, weights);
      const line = this.imported ? `${this.imported.length} imported SAE${this.imported.length > 1 ? 's' : ''}, evaluated on these activations` : endedLine(summary);
      if (!(await this.conclude(() => ({ type: 'done', section: 'saes', runId: this.runId, summary, files }), line))) return;
      trainer.dispose(); // the weights live on in `files` and in the stability tracker: free the device now
      this.trainer = null;
      this.queueAnalysis(() => this.stability?.finish(weights, summary.steps, this.sharedThreshold));
      this.analyses = this.analyses.then(() => this.analyzeFeatures(weights));
      await this.analyses;
    } catch (e) {
      this.failed('SAE training failed', e);
    }
  }

  /** An imported run's one evaluation (step 0: the weights as they came). */
  private async evaluateImported(trainer: SaeTrainer): Promise<SaeRunSummary> {
    const final = await trainer.evaluate();
    this.metrics.push(final);
    return { steps: 0, totalSteps: 0, final, wallSeconds: 0, msPerStep: NaN, stopped: false };
  }

  /** Chains an analysis after the previous one; only the newest threshold matters, so skipped ones cost nothing. */
  private queueAnalysis(task: () => Promise<void> | undefined): void {
    const wanted = this.sharedThreshold;
    this.analyses = this.analyses
      .then(() => (this.disposed || wanted !== this.sharedThreshold ? undefined : task()))
      .catch((e: unknown) => this.post({ type: 'error', section: 'stability', runId: this.runId, message: `stability analysis failed: ${(e as Error).message}` }));
  }

  /** One latent for the features section's explorer (after the features analysis has run). */
  inspectLatent(seedIndex: number, latent: number): void {
    if (this.disposed || !this.features) return;
    try {
      this.post({ type: 'featureDetail', section: 'features', runId: this.runId, detail: this.features.detail(seedIndex, latent) });
    } catch (e) {
      this.post({ type: 'featureDetail', section: 'features', runId: this.runId, detail: null, error: (e as Error).message });
    }
  }

  private async analyzeFeatures(weights: SaeWeights[]): Promise<void> {
    const input = this.featureInput;
    if (this.disposed || !input) return;
    try {
      this.features = await FeaturesAnalysis.compute(this.spec, input.p, input.keyFrequencies, input.acts, weights, input.initial);
      if (!this.disposed) this.post({ type: 'features', section: 'features', runId: this.runId, summary: this.features.summary });
    } catch (e) {
      this.post({ type: 'features', section: 'features', runId: this.runId, summary: null, error: (e as Error).message });
    }
  }

  private evaluated(m: SaeMetrics): void {
    this.evaluatedPoint(m);
    const { stability, trainer } = this;
    if (stability && trainer && m.step > 0 && m.step < trainer.totalSteps && stability.cadence.due()) {
      this.control.between(async () => stability.live(await trainer.weights(), trainer.stepCount));
    }
  }

  private sendStability(update: StabilityUpdate): void {
    if (!this.disposed) this.post({ type: 'stability', section: 'stability', runId: this.runId, update });
  }
}

/** Untrained SAEs of these seeds and size on these activations (the lab's initialisation, SCIENCE.md §3). */
function untrainedLike(seeds: number[], decoderNorm: number, n: number, acts: ActivationData, threshold?: number): SaeWeights[] {
  const mean = Float32Array.from(activationStats(acts).mean);
  return seeds.map((seed) => initialSaeWeights(seed, acts.cols, n, decoderNorm, mean, threshold));
}
