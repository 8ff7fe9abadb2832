/**
 * The lab's IndexedDB layout. One database per origin; every record type has its own object store so a write of one
 * kind (a checkpoint every few seconds) never rewrites another (a run's metric history).
 *
 * Bump DB_VERSION for any change here and add the step to `migrations.ts`: a tab that opens an older store upgrades
 * it in place; a tab still holding the old version is asked to close its connection (see db.ts).
 */
import type { ArmResumePoint } from '../core/stabilise/comparison.ts';
import type { ExperimentSpec } from '../core/spec/experiment.ts';
import type { TrainerCheckpoint } from '../core/train/checkpoint.ts';
import type { RunKind, RunPayloads } from './runKinds.ts';

export { RUN_KINDS, type RunKind, type RunPayloads } from './runKinds.ts';

export const DB_NAME = 'sae-stability-lab';
export const DB_VERSION = 2;

/** The page keeps one notebook for now; records carry experimentId so several can coexist later. */
export const NOTEBOOK_ID = 'notebook';

/** `interrupted`: the tab that ran it went away mid-run (found at start-up); it can be resumed from its checkpoint. */
export type StoredRunStatus = 'running' | 'paused' | 'interrupted' | 'done' | 'stopped' | 'error';

/** A notebook: its current spec and which runs its sections show. */
export interface ExperimentRecord {
  id: string;
  name: string;
  spec: ExperimentSpec;
  createdAt: number;
  updatedAt: number;
  /** The run each section shows, by kind. */
  openRuns: Partial<Record<RunKind, string>>;
}

/** What every stored run has, whatever its kind. */
export interface RunRecordBase {
  id: string;
  experimentId: string;
  name: string;
  /** The whole notebook spec the run started from (an SAE run's `spec.saes` is what it trained). */
  spec: ExperimentSpec;
  status: StoredRunStatus;
  createdAt: number;
  updatedAt: number;
  /** Backend the run trained on (results match to float tolerance only on the same backend). */
  backend: string;
  /** SAE runs: the transformer run whose activations they read, and at which step. */
  source?: { runId: string; step: number };
  /** Last step reported by the run. */
  step: number;
  /** The newest complete checkpoint, or null. Older ones are deleted only after a newer one is written. */
  checkpointId: string | null;
  message?: string;
}

/** A stored run of one kind: its payloads typed by the kind (runKinds.ts). */
export interface RunRecordOf<K extends RunKind> extends RunRecordBase {
  kind: K;
  /** Evaluations so far, in step order. */
  metrics: RunPayloads[K]['metrics'][];
  /** The run's summary once it ended. */
  summary: RunPayloads[K]['summary'] | null;
  /** What the section showed about the run beyond its metrics. Optional: added in v2. */
  info?: RunPayloads[K]['info'];
}

/** A stored run: a union on `kind`, so `if (run.kind === 'saes')` types its metrics, summary and info. */
export type RunRecord = { [K in RunKind]: RunRecordOf<K> }[RunKind];

/** One evaluation of any kind's run. */
export type RunMetric = RunRecord['metrics'][number];

/** The fields a write may change: any kind's payloads (writers are kind-blind; a record's kind never changes). */
export type RunChange = Partial<Omit<RunRecordBase, 'id'>> & {
  metrics?: RunMetric[];
  summary?: RunRecord['summary'];
  info?: RunRecord['info'];
};

export interface CheckpointRecord {
  id: string;
  runId: string;
  step: number;
  savedAt: number;
  state: TrainerCheckpoint;
  /** A stabiliser comparison's arm stopped mid-way (repo.ts putArmPoint): which arm, and its progress beside `state`. */
  arm?: Omit<ArmResumePoint, 'state'>;
}

/** A markdown cell of the notebook, optionally attached to a run. Rendered as text, never as HTML. */
export interface NoteRecord {
  id: string;
  experimentId: string;
  runId: string | null;
  markdown: string;
  createdAt: number;
  updatedAt: number;
}

export interface LabSchema {
  experiments: { key: string; value: ExperimentRecord; indexes: { byUpdated: number } };
  runs: { key: string; value: RunRecord; indexes: { byExperiment: string; byUpdated: number } };
  checkpoints: { key: string; value: CheckpointRecord; indexes: { byRun: string } };
  notes: { key: string; value: NoteRecord; indexes: { byExperiment: string } };
}

export type StoreName = keyof LabSchema;
export const STORE_NAMES: StoreName[] = ['experiments', 'runs', 'checkpoints', 'notes'];

/** Seconds between a page run's checkpoints unless the header's setting says otherwise (the worker writes them). */
export const DEFAULT_CHECKPOINT_SECONDS = 15;
