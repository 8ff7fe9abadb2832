/**
 * Every message the page and the engine worker exchange, in one place. The page sends a few coarse commands; the
 * worker answers with batched metrics, progress and status. Section-scoped messages carry `section` so later
 * notebook sections (SAEs, stability, Fourier) add variants here without touching the transformer's.
 *
 * Runs are tagged with a `runId` chosen by the page: after Reset or a new Start the page bumps its runId and drops
 * any message still in flight from the previous run (TensorFlow Playground's `timerIndex` habit).
 */
import type { ExperimentSpec } from '../core/spec/experiment.ts';
import type { TransformerRunSummary } from '../core/train/loop.ts';
import type { TransformerMetrics } from '../core/train/transformerTrainer.ts';
import type { SaeRunSummary } from '../core/sae/loop.ts';
import type { SaeMetrics } from '../core/sae/metrics.ts';
import type { SaeSpec } from '../core/spec/sae.ts';
import type { SaeWeights } from '../core/sae/init.ts';
import type { ModelFile } from '../core/experiment/modelExport.ts';
import type { SaeFile, SaeRunInfo, StabilityUpdate } from './saeMessages.ts';
import type { FourierDetail, FourierSelection, FourierSnapshot } from '../core/experiment/fourierViews.ts';
import type { FeatureDetail, FeaturesSummary } from '../core/experiment/features.ts';
import type { FinishedArm } from '../core/stabilise/finished.ts';
import type { StabiliseSummary } from '../core/stabilise/record.ts';

import type { BackendChoice, BackendFailure, BackendName } from '../host/backends.ts';

// The backend names live with the host that starts them (host/backends.ts); re-exported for the page and the worker.
export { BACKENDS, type BackendChoice, type BackendFailure, type BackendName } from '../host/backends.ts';

/** Notebook sections the worker hosts. Later issues extend this union. */
export type SectionName = 'transformer' | 'saes' | 'stability' | 'fourier' | 'stabilise';

export type RunStatus = 'idle' | 'running' | 'paused' | 'done' | 'error';


/**
 * A run the page keeps in IndexedDB (its record's id): the worker writes the run's checkpoints there itself, and
 * with `resume` continues from the latest one instead of starting fresh.
 */
export interface StoredRunRef {
  id: string;
  resume: boolean;
}

// ---- page → worker -------------------------------------------------------------------------------------------

export type ToWorker =
  | { type: 'init'; backend: BackendChoice }
  | { type: 'train'; section: 'transformer'; runId: number; spec: ExperimentSpec; stored?: StoredRunRef }
  /**
   * Loads stored run `stored`'s latest checkpoint as the worker's transformer, without training (for SAEs, Fourier).
   * `imported`: the run was opened from files; its status line then reports its accuracy (on all p² pairs when the
   * split is unknown).
   */
  | { type: 'restore'; section: 'transformer'; runId: number; spec: ExperimentSpec; stored: string; imported?: { splitKnown: boolean } }
  /** Seconds between the checkpoints of a training run (runs also checkpoint when they pause, stop or end). */
  | { type: 'checkpointEvery'; seconds: number }
  | { type: 'pause'; section: SectionName }
  | { type: 'resume'; section: SectionName }
  | { type: 'stop'; section: SectionName }
  /** Stops the section's run (if any) and frees its tensors. */
  | { type: 'reset'; section: SectionName }
  /** Debug/test hook: asks for tf.memory() so tests can check that training does not leak tensors. */
  | { type: 'memory'; requestId: number }
  /** The neuron and attention head whose detailed views the Fourier section shows (kept for later runs too). */
  | { type: 'inspect'; section: 'fourier'; selection: FourierSelection }
  /** SAEs on the worker's current transformer, one per seed; `sharedThreshold` is for their stability analysis. */
  | { type: 'train'; section: 'saes'; runId: number; spec: SaeSpec; sharedThreshold: number; stored?: StoredRunRef }
  /**
   * SAEs trained elsewhere (checked by core/io/saeImport.ts) become the finished SAE run `runId`: evaluated on the
   * current transformer's activations, then analysed by the stability and features sections like trained ones.
   */
  | { type: 'import'; section: 'saes'; runId: number; spec: SaeSpec; weights: SaeWeights[]; sharedThreshold: number }
  /** The current transformer (paused or finished) as TransformerLens files, answered by `modelFiles`. */
  | { type: 'exportModel'; requestId: number }
  /** Recompute the finished SAE run's stability at another shared-latent threshold. */
  | { type: 'analyze'; section: 'stability'; runId: number; sharedThreshold: number }
  /** One latent of the finished SAE run's seed `seedIndex` for the features section's explorer. */
  | { type: 'inspectLatent'; section: 'features'; runId: number; seedIndex: number; latent: number }
  /**
   * A stabiliser comparison (issue 14) on the current transformer's activations: plain SAEs of `sae`'s seeds, each
   * method of `stabilise` ({ methods: [...] }, as a spec's block) and every control; answered by `stabilisePlan`,
   * progress, `stabiliseArm`, `metrics` (each finished arm) and `done`. Stop ends it between two steps; the arms
   * already finished are compared. `finished`: arms an earlier run of this comparison kept, not trained again.
   * `stored`: the stored comparison the worker saves the arm in progress under every few seconds (answered by
   * `stabiliseCheckpointed`); `continueFrom`: the stored comparison whose saved arm continues mid-way, if it is the
   * first one left to train (answered by `stabiliseResumed`).
   */
  | {
    type: 'train'; section: 'stabilise'; runId: number; name: string; sae: SaeSpec; stabilise: unknown; finished?: FinishedArm[];
    stored?: string; continueFrom?: string;
  };

// ---- worker → page -------------------------------------------------------------------------------------------

export interface ProgressMessage {
  type: 'progress';
  section: SectionName;
  runId: number;
  step: number;
  total: number;
  /** Training steps per second over the last few seconds of running (paused time excluded). */
  stepsPerSec: number;
  /** Seconds until `total` at the current rate; null while the rate is unknown. */
  etaSeconds: number | null;
}

export type FromWorker =
  /** The backend in use; `reason` says why it is not WebGPU (absent when it is). */
  | { type: 'ready'; backend: BackendName; reason?: string; failures: BackendFailure[] }
  | { type: 'metrics'; section: 'transformer'; runId: number; points: TransformerMetrics[] }
  | ProgressMessage
  | { type: 'status'; section: SectionName; runId: number; status: RunStatus; message?: string }
  | { type: 'done'; section: 'transformer'; runId: number; summary: TransformerRunSummary }
  /** Fatal for the run (section set) or for the worker (no section: init failed or the GPU device was lost). */
  | { type: 'error'; section?: SectionName; runId?: number; message: string }
  | { type: 'memory'; requestId: number; numTensors: number; numBytes: number }
  /** A checkpoint of the run at `step` is stored (written by the worker). */
  | { type: 'checkpointed'; section: 'transformer' | 'saes'; runId: number; step: number; savedAt: number }
  /** A checkpoint could not be stored; the run trains on and the previous checkpoint is intact. */
  | { type: 'checkpointFailed'; section: 'transformer' | 'saes'; runId: number; step: number | null; quota: boolean; message: string }
  /** model.safetensors and config.json of the transformer at `step`, or why there are none. */
  | { type: 'modelFiles'; requestId: number; step: number; files: ModelFile[]; error?: string }
  /** The Fourier analysis of transformer run `runId` at one step, with the selected neuron's and head's views. */
  | { type: 'snapshot'; section: 'fourier'; runId: number; snapshot: FourierSnapshot; detail: FourierDetail }
  /** The views of a newly selected neuron or head, from the latest snapshot's step. */
  | { type: 'detail'; section: 'fourier'; runId: number; detail: FourierDetail }
  /** An SAE run has read its activations: what it trains on (progress/status/error reuse the messages above). */
  | { type: 'started'; section: 'saes'; runId: number; info: SaeRunInfo }
  | { type: 'metrics'; section: 'saes'; runId: number; points: SaeMetrics[] }
  /** The run ended (finished or stopped); `files` are each seed's SAE in SAELens layout, ready to download. */
  | { type: 'done'; section: 'saes'; runId: number; summary: SaeRunSummary; files: SaeFile[] }
  /** Stability of the SAE run `runId`: baseline at its start, live max-cosine updates, final three forms. */
  | { type: 'stability'; section: 'stability'; runId: number; update: StabilityUpdate }
  /** The SAE features of the finished SAE run `runId` (or why they could not be computed). */
  | { type: 'features'; section: 'features'; runId: number; summary: FeaturesSummary | null; error?: string }
  | { type: 'featureDetail'; section: 'features'; runId: number; detail: FeatureDetail | null; error?: string }
  /** The comparison's arms in training order and the training steps they take in all. */
  | { type: 'stabilisePlan'; section: 'stabilise'; runId: number; arms: string[]; steps: number; done: number }
  /** Arm `index` of the plan starts training. */
  | { type: 'stabiliseArm'; section: 'stabilise'; runId: number; index: number; label: string }
  /** Arms of the comparison that finished training (carried ones first): a stopped run keeps them. */
  | { type: 'metrics'; section: 'stabilise'; runId: number; points: FinishedArm[] }
  /** The comparison (of the finished arms, when stopped), as `npm run stabilise` writes stabilise.json. */
  | { type: 'done'; section: 'stabilise'; runId: number; summary: StabiliseSummary }
  /** The arm in training is saved at comparison step `step`: a reload or a Stop continues it from there. */
  | { type: 'stabiliseCheckpointed'; section: 'stabilise'; runId: number; label: string; step: number }
  /** Arm `label` continues from the saved point at comparison step `step`; null: the saved arm could not continue. */
  | { type: 'stabiliseResumed'; section: 'stabilise'; runId: number; at: { label: string; step: number } | null };
