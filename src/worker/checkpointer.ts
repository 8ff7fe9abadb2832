/**
 * Checkpoints of one stored run, written by the worker itself into IndexedDB (src/storage): every few seconds while
 * it trains (at a safe point between steps, see SafePointControl), and when it pauses, stops or ends.
 *
 * A failed write (quota: QuotaExceededError or Chrome's AbortError) never stops training: the run goes on, the page
 * is told, and the previous checkpoint stays intact (saveCheckpoint writes new-before-old).
 */
import type { TrainerCheckpoint } from '../core/train/checkpoint.ts';
import { DEFAULT_CHECKPOINT_SECONDS } from '../storage/schema.ts';
import { type LabDb, isQuotaError, openLabDb } from '../storage/db.ts';
import { getRun, latestCheckpoint, saveCheckpoint } from '../storage/repo.ts';
import type { CheckpointRecord } from '../storage/schema.ts';
import type { FromWorker } from './protocol.ts';


/** The worker's connection to the lab's database and the checkpoint interval the page asked for. */
export class WorkerStorage {
  private db: Promise<LabDb> | null = null;
  private replaced = false;
  everyMs = DEFAULT_CHECKPOINT_SECONDS * 1000;

  /** Opened on first use; after another tab upgraded the schema this worker writes no more (the page reloads). */
  open(): Promise<LabDb> {
    if (this.replaced) return Promise.reject(new Error('another tab upgraded the storage: reload this tab to keep saving'));
    this.db ??= openLabDb({ onReplaced: () => (this.replaced = true) });
    this.db.catch(() => (this.db = null)); // a failed open may succeed later (e.g. after the user freed space)
    return this.db;
  }

  async latest(storedId: string): Promise<CheckpointRecord> {
    const record = await latestCheckpoint(await this.open(), storedId);
    if (!record) throw new Error('this run has no stored checkpoint');
    return record;
  }

  /** Where a stored run continues: its latest checkpoint and its evaluations up to it. */
  async resumePoint(storedId: string): Promise<{ state: TrainerCheckpoint; history: Evaluation[] }> {
    const { state } = await this.latest(storedId);
    const run = await getRun(await this.open(), storedId);
    const history = ((run?.metrics ?? []) as Evaluation[]).filter((m) => m.step <= state.step);
    return { state, history };
  }
}

type Section = 'transformer' | 'saes';
type Evaluation = { step: number };

/**
 * Also keeps the run's evaluations, stored with each checkpoint in the same transaction (the page's throttled writes
 * of the curves may lag behind a checkpoint when the tab goes away).
 */
export class Checkpointer {
  private lastStep: number;
  private lastAt = performance.now();
  private readonly history: Evaluation[];

  /** `start`: a resumed run's checkpoint step (already stored) and its evaluations up to it. */
  constructor(
    private readonly storage: WorkerStorage,
    readonly storedId: string,
    private readonly section: Section,
    private readonly runId: number,
    private readonly post: (m: FromWorker) => void,
    start?: { step: number; history: Evaluation[] },
  ) {
    this.lastStep = start?.step ?? -1;
    this.history = [...(start?.history ?? [])];
  }

  /** An evaluation of the run (in step order). */
  evaluated(m: Evaluation): void {
    this.history.push(m);
  }

  /** True when the interval has passed and the run moved since the last checkpoint. */
  due(step: number): boolean {
    return step !== this.lastStep && performance.now() - this.lastAt >= this.storage.everyMs;
  }

  /** Takes (between steps) and stores a checkpoint unless this step is stored already; never throws. */
  async save(take: () => Promise<TrainerCheckpoint>): Promise<void> {
    this.lastAt = performance.now(); // a failed write is retried after a full interval, not at every step
    let state: TrainerCheckpoint | null = null;
    try {
      state = await take();
      if (state.step === this.lastStep) return;
      const savedAt = Date.now();
      const upTo = state.step;
      await saveCheckpoint(await this.storage.open(), { runId: this.storedId, step: upTo, savedAt, state }, this.history.filter((m) => m.step <= upTo));
      this.lastStep = state.step;
      this.post({ type: 'checkpointed', section: this.section, runId: this.runId, step: state.step, savedAt });
    } catch (e) {
      const quota = isQuotaError(e);
      const message = quota ? 'storage full' : `checkpoint not saved: ${(e as Error).message}`;
      this.post({ type: 'checkpointFailed', section: this.section, runId: this.runId, step: state?.step ?? null, quota, message });
    }
  }
}
