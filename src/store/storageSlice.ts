/**
 * What the page shows about storage: whether IndexedDB works, how much it holds, the checkpoint interval, each
 * section's stored run (live here, live in another tab, or interrupted and resumable), and the run history.
 */
import type { RunKind, RunRecord } from '../storage/schema.ts';
import type { FromWorker } from '../worker/protocol.ts';
import { DEFAULT_CHECKPOINT_SECONDS } from '../storage/schema.ts';

/** A run this tab trains and records. */
export interface LiveRun {
  recordId: string;
  pageRunId: number;
  /** The newest stored checkpoint, or null before the first. */
  checkpoint: { step: number; savedAt: number } | null;
  /** Why checkpoints are not being saved (storage full…), or null. */
  warning: string | null;
}

/** A stored run shown in a section that no live tab owns: it can continue from its checkpoint. */
export interface ResumeOffer {
  recordId: string;
  step: number;
}

export interface StorageState {
  /** `replaced`: another tab upgraded the schema; this tab must reload before it stores anything again. */
  status: 'opening' | 'ready' | 'unavailable' | 'replaced';
  message: string | null;
  usage: { used: number; quota: number } | null;
  /** navigator.storage.persist()'s answer (null: not asked or not supported). */
  persisted: boolean | null;
  checkpointEverySec: number;
  /** The stored run each section shows. */
  shown: Partial<Record<RunKind, string>>;
  live: Partial<Record<RunKind, LiveRun>>;
  offers: Partial<Record<RunKind, ResumeOffer>>;
  /** Sections whose shown run trains in another tab right now. */
  elsewhere: Partial<Record<RunKind, boolean>>;
  /** Every stored run of the notebook, most recently changed first. */
  runs: RunRecord[];
  /** Runs picked for side-by-side comparison (at most two). */
  compare: string[];
}

export const CHECKPOINT_SECONDS_RANGE = { min: 1, max: 3600 } as const;

export function initialStorage(checkpointEverySec = DEFAULT_CHECKPOINT_SECONDS): StorageState {
  return {
    status: 'opening', message: null, usage: null, persisted: null, checkpointEverySec,
    shown: {}, live: {}, offers: {}, elsewhere: {}, runs: [], compare: [],
  };
}

/** The message a full disk gets: what is safe, what to do, and that training goes on. */
export function quotaMessage(checkpointStep: number | null): string {
  const safe = checkpointStep === null ? 'no checkpoint of this run could be saved yet' : `the last checkpoint at step ${checkpointStep} is safe`;
  return `Storage full — ${safe}; training goes on. Free space (delete old runs in Run history) to save checkpoints again.`;
}

/** Folds the worker's checkpoint reports into the live run they belong to. */
export function storageReceive(state: StorageState, msg: FromWorker): StorageState {
  if (msg.type !== 'checkpointed' && msg.type !== 'checkpointFailed') return state;
  const live = state.live[msg.section];
  if (!live || live.pageRunId !== msg.runId) return state;
  const next: LiveRun = msg.type === 'checkpointed'
    ? { ...live, checkpoint: { step: msg.step, savedAt: msg.savedAt }, warning: null }
    : { ...live, warning: msg.quota ? quotaMessage(live.checkpoint?.step ?? null) : msg.message };
  return { ...state, live: { ...state.live, [msg.section]: next } };
}
