/**
 * A stored run back into its notebook section: the curves, summary and status it had, under a fresh page runId so
 * late worker messages of whatever the section showed before are dropped.
 */
import { GROK_ACCURACY } from '../core/train/loop.ts';
import type { RunRecord, RunRecordOf } from '../storage/schema.ts';
import type { RunStatus } from '../worker/protocol.ts';
import { type SaeState, clearedSaeRun } from './saeSlice.ts';
import { type TransformerState, clearedRun } from './transformerSlice.ts';

/** How the section shows a stored run: `live` = it trains in this tab from now on (resume). */
export type Showing = 'stored' | 'live' | 'elsewhere';

/** The section status and status line for a stored run. */
export function shownStatus(rec: RunRecord, showing: Showing, checkpointStep: number | null): { status: RunStatus; message: string } {
  if (showing === 'live') return { status: 'running', message: `resuming from step ${checkpointStep ?? 0}…` };
  if (showing === 'elsewhere') return { status: 'idle', message: `"${rec.name}" is training in another tab of this lab` };
  switch (rec.status) {
    case 'done':
      return { status: 'done', message: `finished ${rec.step} steps (stored run "${rec.name}")` };
    case 'stopped':
      return { status: 'done', message: `stopped at step ${rec.step} (stored run "${rec.name}")` };
    case 'error':
      return { status: 'error', message: rec.message ?? 'the run failed' };
    default:
      return {
        status: 'idle',
        message: checkpointStep === null
          ? `"${rec.name}" was interrupted before its first checkpoint: start it again`
          : `"${rec.name}" was interrupted (the tab that ran it went away); its checkpoint at step ${checkpointStep} can be resumed`,
      };
  }
}

/** Metrics up to the checkpoint a resume continues from (later points are recomputed by the resumed run). */
export const metricsUpTo = <M extends { step: number }>(metrics: M[], step: number): M[] => metrics.filter((m) => m.step <= step);

/** A run that stopped mid-training without ending (interrupted, or still marked running or paused). */
export const unfinished = (rec: RunRecord): boolean => rec.status === 'running' || rec.status === 'paused' || rec.status === 'interrupted';

/**
 * The step a stored run is shown at, or null to show all it stored. A run that resumes (live) or can be resumed
 * (stored, unfinished, with a checkpoint) is shown at its checkpoint: the curves stored after it (the page writes
 * them every few seconds, the checkpoints come less often) are lost to a resume, so the curves, the step readout
 * and "Resume from step N" agree.
 */
export function shownUpTo(rec: RunRecord, showing: Showing, checkpointStep: number | null): number | null {
  if (showing === 'live') return checkpointStep ?? 0;
  return showing === 'stored' && checkpointStep !== null && unfinished(rec) ? checkpointStep : null;
}

/** Whether a section showing this status and resume offer shows the "interrupted" chip rather than "idle". */
export const chipOf = <S extends string>(status: S, resumable: boolean): S | 'interrupted' => (status === 'idle' && resumable ? 'interrupted' : status);

export function transformerFromRecord(state: TransformerState, rec: RunRecordOf<'transformer'>, showing: Showing, checkpointStep: number | null): TransformerState {
  const all = rec.metrics;
  const upTo = shownUpTo(rec, showing, checkpointStep);
  const metrics = upTo === null ? all : metricsUpTo(all, upTo);
  const step = upTo ?? metrics.at(-1)?.step ?? rec.step;
  const summary = showing === 'stored' ? rec.summary : null;
  return {
    ...clearedRun(state),
    ...shownStatus(rec, showing, checkpointStep),
    runSpec: rec.spec.transformer,
    metrics,
    progress: { step, total: rec.spec.transformer.steps, stepsPerSec: 0, etaSeconds: null },
    stepsToGrok: metrics.find((m) => m.testAcc >= GROK_ACCURACY)?.step ?? null,
    summary,
  };
}

/**
 * `transformerRunId`: the page runId of the transformer section when it shows this SAE run's source at the step the
 * SAEs read (null otherwise: the SAEs show as stale).
 */
export function saesFromRecord(state: SaeState, rec: RunRecordOf<'saes'>, showing: Showing, checkpointStep: number | null, transformerRunId: number | null): SaeState {
  const all = rec.metrics;
  const upTo = shownUpTo(rec, showing, checkpointStep);
  const metrics = upTo === null ? all : metricsUpTo(all, upTo);
  const info = rec.info;
  const last = metrics.at(-1);
  return {
    ...clearedSaeRun(state),
    ...shownStatus(rec, showing, checkpointStep),
    runSpec: rec.spec.saes ?? null,
    info: info ? { ...info, transformerRunId: transformerRunId ?? -1 } : null,
    metrics,
    progress: last ? { step: upTo ?? last.step, total: last.totalSteps, stepsPerSec: 0, etaSeconds: null } : null,
    summary: showing === 'stored' ? rec.summary : null,
  };
}
