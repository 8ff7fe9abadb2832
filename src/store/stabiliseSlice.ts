/**
 * The Stabilise section's state (issue 14): its draft, the comparison run's plan, progress and result. Folded from
 * the worker's `section: 'stabilise'` messages by `stabiliseReceive`; actions in stabiliseActions.ts.
 */
import type { StabiliseRecord } from '../core/stabilise/record.ts';
import type { FromWorker, RunStatus } from '../worker/protocol.ts';
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
  /** The finished comparison, as stabilise.json. */
  record: StabiliseRecord | null;
}

export const initialStabilise = (): StabiliseState => ({
  draft: initialStabiliseDraft(), runId: 0, status: 'idle', message: null, plan: null, arm: null, progress: null, record: null,
});

/** A new run's state: the draft kept, the previous result cleared, messages of older runs dropped by runId. */
export const clearedStabilise = (s: StabiliseState): StabiliseState => ({ ...initialStabilise(), draft: s.draft, runId: s.runId + 1 });

export function stabiliseReceive(state: StabiliseState, msg: FromWorker): StabiliseState {
  if (msg.type === 'error' && msg.section === undefined && state.status === 'running') {
    return { ...state, status: 'error', message: msg.message }; // the worker itself failed (device lost)
  }
  if (msg.type === 'ready' && state.status === 'running') {
    return { ...state, status: 'idle', message: 'the engine restarted (another backend): start the comparison again', plan: null, arm: null, progress: null };
  }
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
    case 'stabiliseDone':
      return { ...state, record: msg.record, arm: null };
    default:
      return state;
  }
}
