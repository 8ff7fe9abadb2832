/**
 * State of the SAE notebook section: the controls as typed, the run in flight and everything it reported.
 * `saeReceive` folds worker messages in and ignores those of an older run (runId).
 */
import type { SaeRunSummary } from '../core/sae/loop.ts';
import type { SaeMetrics } from '../core/sae/metrics.ts';
import { type SaeSpec, saePresets } from '../core/spec/sae.ts';
import type { FromWorker, RunStatus } from '../worker/protocol.ts';
import type { SaeFile, SaeRunInfo } from '../worker/saeMessages.ts';
import { type SaeDraft, saeDraftOf } from './saeDraft.ts';
import type { Progress } from './transformerSlice.ts';

export type SaePresetName = keyof typeof saePresets;
export const saePresetNames = Object.keys(saePresets) as SaePresetName[];

/** A sweep cell the SAE section shows (its stored weights, installed by sweepCellOpen.ts), named for the status lines. */
export interface OpenedCell {
  sweepName: string;
  cellId: string;
  /** The sweep's stored record. */
  recordId: string;
  /** The transformer was trained again from the cell's seeded spec (it is not stored with the sweep). */
  retrained: boolean;
}

export interface SaeState {
  draft: SaeDraft;
  preset: SaePresetName | null;
  runId: number;
  /** The spec that produced the results on screen. */
  runSpec: SaeSpec | null;
  /** What the run trains on (set once the worker has read the activations). */
  info: SaeRunInfo | null;
  status: RunStatus;
  message: string | null;
  /** Every evaluation of every seed, in step order. */
  metrics: SaeMetrics[];
  progress: Progress | null;
  summary: SaeRunSummary | null;
  /** Each seed's SAE in SAELens layout, once the run has ended. */
  files: SaeFile[] | null;
  /** Set when the run on screen is a sweep cell opened from the Sweep section's results table. */
  openedCell: OpenedCell | null;
}

export const DEFAULT_SAE_PRESET: SaePresetName = 'phase1';

export const saePresetSpec = (name: SaePresetName): SaeSpec => ({ ...saePresets[name], seeds: [...saePresets[name].seeds] });

export function initialSaes(): SaeState {
  return {
    draft: saeDraftOf(saePresetSpec(DEFAULT_SAE_PRESET)),
    preset: DEFAULT_SAE_PRESET,
    runId: 0,
    runSpec: null,
    info: null,
    status: 'idle',
    message: null,
    metrics: [],
    progress: null,
    summary: null,
    files: null,
    openedCell: null,
  };
}

/** Clears the results of a run (the controls stay) and moves to a new runId so late messages are dropped. */
export function clearedSaeRun(state: SaeState): SaeState {
  return { ...state, runId: state.runId + 1, runSpec: null, info: null, status: 'idle', message: null, metrics: [], progress: null, summary: null, files: null, openedCell: null };
}

export function saeReceive(state: SaeState, msg: FromWorker): SaeState {
  if (msg.type === 'error' && msg.section === undefined) {
    const active = state.status === 'running' || state.status === 'paused';
    return active ? { ...state, status: 'error', message: msg.message } : state;
  }
  if (!('section' in msg) || msg.section !== 'saes' || msg.runId !== state.runId) return state;
  switch (msg.type) {
    case 'started':
      return { ...state, info: msg.info };
    case 'metrics':
      return { ...state, metrics: [...state.metrics, ...msg.points] };
    case 'progress': {
      const { step, total, stepsPerSec, etaSeconds } = msg;
      return { ...state, progress: { step, total, stepsPerSec, etaSeconds } };
    }
    case 'status':
      return { ...state, status: msg.status, message: msg.message ?? null };
    case 'done':
      return { ...state, summary: msg.summary, files: msg.files };
    case 'error':
      return { ...state, status: 'error', message: msg.message };
    case 'checkpointed':
    case 'checkpointFailed':
      return state; // the storage slice shows these
  }
}

/**
 * Why the SAEs on screen no longer describe the transformer in the worker (null while they still do): the
 * transformer was reset or retrained, or trained further after its activations were read.
 */
export function saeStaleReason(info: SaeRunInfo | null, transformer: { runId: number; step: number | null; exists: boolean }): string | null {
  if (!info) return null;
  if (!transformer.exists || transformer.runId !== info.transformerRunId) return 'the transformer was reset or retrained since these SAEs were trained';
  if (transformer.step !== null && transformer.step !== info.transformerStep) {
    return `the transformer moved on to step ${transformer.step}; these SAEs read step ${info.transformerStep}`;
  }
  return null;
}
