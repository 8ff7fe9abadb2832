/**
 * State of the Transformer notebook section: the controls as typed, the run in flight and everything it reported.
 * `transformerReceive` folds worker messages in and ignores those of an older run (runId), so a late batch from a
 * run that was reset or replaced never leaks into the new one.
 */
import { presetSpec, type PresetName } from '../core/spec/experiment.ts';
import type { TransformerSpec } from '../core/spec/transformer.ts';
import { GROK_ACCURACY, type TransformerRunSummary } from '../core/train/loop.ts';
import type { TransformerMetrics } from '../core/train/transformerTrainer.ts';
import type { FromWorker, RunStatus } from '../worker/protocol.ts';
import { type TransformerDraft, draftOf } from './transformerDraft.ts';

export interface Progress {
  step: number;
  total: number;
  stepsPerSec: number;
  etaSeconds: number | null;
}

export interface TransformerState {
  draft: TransformerDraft;
  /** The preset the controls were last loaded from, or null once edited. */
  preset: PresetName | null;
  /** The name of the spec the controls were loaded from (a link, a notebook file, a stored run), kept while edited. */
  specName: string | null;
  runId: number;
  /** The spec that produced the results on screen (settings asked for are in `draft`). */
  runSpec: TransformerSpec | null;
  status: RunStatus;
  message: string | null;
  metrics: TransformerMetrics[];
  progress: Progress | null;
  /** First evaluated step with test accuracy ≥ GROK_ACCURACY, or null. */
  stepsToGrok: number | null;
  summary: TransformerRunSummary | null;
}

export const DEFAULT_PRESET: PresetName = 'nanda';

/** The results part of the state, as before any run. */
const noResults = () => ({
  runSpec: null, status: 'idle' as const, message: null, metrics: [], progress: null, stepsToGrok: null, summary: null,
});

export function initialTransformer(): TransformerState {
  return { draft: draftOf(presetSpec(DEFAULT_PRESET).transformer), preset: DEFAULT_PRESET, specName: null, runId: 0, ...noResults() };
}

/** Clears the results of a run (the controls stay) and moves to a new runId so late messages are dropped. */
export function clearedRun(state: TransformerState): TransformerState {
  return { ...state, runId: state.runId + 1, ...noResults() };
}

function firstGrokStep(points: TransformerMetrics[]): number | null {
  return points.find((m) => m.testAcc >= GROK_ACCURACY)?.step ?? null;
}

export function transformerReceive(state: TransformerState, msg: FromWorker): TransformerState {
  if (msg.type === 'error' && msg.section === undefined) {
    const active = state.status === 'running' || state.status === 'paused';
    return active ? { ...state, status: 'error', message: msg.message } : state;
  }
  if (!('section' in msg) || msg.section !== 'transformer' || msg.runId !== state.runId) return state;
  switch (msg.type) {
    case 'metrics':
      return {
        ...state,
        metrics: [...state.metrics, ...msg.points],
        stepsToGrok: state.stepsToGrok ?? firstGrokStep(msg.points),
      };
    case 'progress': {
      const { step, total, stepsPerSec, etaSeconds } = msg;
      return { ...state, progress: { step, total, stepsPerSec, etaSeconds } };
    }
    case 'status':
      return { ...state, status: msg.status, message: msg.message ?? null };
    case 'done':
      return { ...state, summary: msg.summary, stepsToGrok: state.stepsToGrok ?? msg.summary.stepsToGrok };
    case 'error':
      return { ...state, status: 'error', message: msg.message };
    case 'checkpointed':
    case 'checkpointFailed':
      return state; // the storage slice shows these
  }
}

/**
 * The experiment's name in stored runs, links and files: the loaded spec's (kept through edits; a preset chosen
 * on the page clears it), else its preset's, else "custom".
 */
export const experimentName = (t: Pick<TransformerState, 'preset' | 'specName'>): string => t.specName ?? t.preset ?? 'custom';
