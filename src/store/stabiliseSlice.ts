/**
 * The Stabilise section's state (issue 14): its draft, the comparison run's plan, progress, finished arms and
 * result. Folded from the worker's `section: 'stabilise'` messages by `stabiliseReceive`; actions in
 * stabiliseActions.ts. The section's run is a stored run kind (runKinds/stabilise.ts).
 */
import type { FinishedArm } from '../core/stabilise/finished.ts';
import type { StabiliseRecord } from '../core/stabilise/record.ts';
import type { FromWorker, RunStatus } from '../worker/protocol.ts';
import type { ComparisonBasis } from './stabiliseContinue.ts';
import { type StabiliseDraft, initialStabiliseDraft } from './stabiliseDraft.ts';

export interface StabiliseState {
  draft: StabiliseDraft;
  runId: number;
  status: RunStatus;
  message: string | null;
  /** The arms in training order and their training steps in all, once the worker has planned the run. */
  plan: { arms: string[]; steps: number } | null;
  /** The arm training now (index into plan.arms). */
  arm: { index: number; label: string } | null;
  progress: { step: number; total: number; etaSeconds: number | null } | null;
  /** The comparison (of the finished arms, when the run was stopped), as stabilise.json. */
  record: StabiliseRecord | null;
  /** Arms of the shown run that finished training: a new Start on the same basis trains only the others. */
  finished: FinishedArm[];
  /** What the shown run trained on (SAE settings, methods, transformer and step), or null. */
  basis: ComparisonBasis | null;
  /** The last save of the arm in training (comparison step): a reload or a Stop continues it from there. */
  saved: { label: string; step: number } | null;
  /** How this run began: an arm continued from an earlier run's save, or (label null) a save that could not continue. */
  resumed: { label: string | null; step: number | null } | null;
}

export const initialStabilise = (): StabiliseState => ({
  draft: initialStabiliseDraft(), runId: 0, status: 'idle', message: null, plan: null, arm: null, progress: null, record: null, finished: [], basis: null, saved: null, resumed: null,
});

/** A new run's state: the draft kept, the previous result cleared, messages of older runs dropped by runId. */
export const clearedStabilise = (s: StabiliseState): StabiliseState => ({ ...initialStabilise(), draft: s.draft, runId: s.runId + 1 });

/** What a new worker (another backend) leaves: a running comparison ends, its finished arms stay. */
export function interruptedStabilise(state: StabiliseState, message: string): StabiliseState {
  return state.status === 'running' ? { ...state, status: 'idle', message, arm: null, progress: null } : state;
}

export function stabiliseReceive(state: StabiliseState, msg: FromWorker): StabiliseState {
  if (msg.type === 'error' && msg.section === undefined && state.status === 'running') {
    return { ...state, status: 'error', message: msg.message }; // the worker itself failed (device lost)
  }
  if (msg.type === 'ready') return interruptedStabilise(state, 'the engine restarted (another backend): Start continues the comparison with its missing arms');
  if (!('section' in msg) || msg.section !== 'stabilise' || msg.runId !== state.runId) return state;
  switch (msg.type) {
    case 'status':
      return { ...state, status: msg.status, message: msg.message ?? null };
    case 'stabilisePlan':
      return { ...state, plan: { arms: msg.arms, steps: msg.steps } };
    case 'stabiliseArm':
      return { ...state, arm: { index: msg.index, label: msg.label } };
    case 'progress':
      return { ...state, progress: { step: msg.step, total: msg.total, etaSeconds: msg.etaSeconds } };
    case 'metrics':
      return { ...state, finished: [...state.finished, ...msg.points] };
    case 'done':
      return { ...state, record: msg.summary.rows.length > 0 ? msg.summary : null, arm: null };
    case 'stabiliseCheckpointed':
      return { ...state, saved: { label: msg.label, step: msg.step } };
    case 'stabiliseResumed':
      return { ...state, resumed: msg.at ?? { label: null, step: null } };
    default:
      return state;
  }
}
