/**
 * Reading and writing the lab's records. Every function takes the open database, so the page and the engine worker
 * share one implementation (each holds its own connection).
 *
 * Checkpoints are written new-before-old: the new one and the run's pointer to it go in one transaction, and older
 * checkpoints are deleted only after that transaction committed. A failed write (quota) leaves the previous
 * checkpoint and the run as they were.
 */
import type { ArmResumePoint } from '../core/stabilise/comparison.ts';
import type { TrainerCheckpoint } from '../core/train/checkpoint.ts';
import type { LabDb } from './db.ts';
import type { CheckpointRecord, ExperimentRecord, NoteRecord, RunChange, RunMetric, RunRecord } from './schema.ts';

export const newId = (): string => crypto.randomUUID();

// ---- experiments -----------------------------------------------------------------------------------------------

export const putExperiment = async (db: LabDb, e: ExperimentRecord): Promise<void> => void (await db.put('experiments', e));
export const getExperiment = (db: LabDb, id: string) => db.get('experiments', id);

/** Notebooks, most recently changed first. */
export async function listExperiments(db: LabDb): Promise<ExperimentRecord[]> {
  return (await db.getAllFromIndex('experiments', 'byUpdated')).reverse();
}

/**
 * Rewrites the experiment with `change` (given the stored record, or undefined when there is none; null = leave it)
 * in one transaction, so two tabs changing different fields do not undo each other.
 */
export async function updateExperiment(db: LabDb, id: string, change: (e: ExperimentRecord | undefined) => ExperimentRecord | null): Promise<void> {
  const tx = db.transaction('experiments', 'readwrite');
  const next = change(await tx.store.get(id));
  if (next) await tx.store.put(next);
  await tx.done;
}

// ---- runs ------------------------------------------------------------------------------------------------------

export const putRun = async (db: LabDb, run: RunRecord): Promise<void> => void (await db.put('runs', run));
export const getRun = (db: LabDb, id: string) => db.get('runs', id);

/** Changes some fields of a stored run (no-op when it was deleted meanwhile); returns the new record. */
export async function updateRun(db: LabDb, id: string, change: RunChange): Promise<RunRecord | null> {
  const tx = db.transaction('runs', 'readwrite');
  const run = await tx.store.get(id);
  if (!run) {
    await tx.done;
    return null;
  }
  const next = { ...run, ...change, updatedAt: change.updatedAt ?? Date.now() } as RunRecord; // a change keeps the kind
  await tx.store.put(next);
  await tx.done;
  return next;
}

/** Runs of one notebook (or all), most recently changed first. */
export async function listRuns(db: LabDb, experimentId?: string): Promise<RunRecord[]> {
  const runs = experimentId === undefined ? await db.getAll('runs') : await db.getAllFromIndex('runs', 'byExperiment', experimentId);
  return runs.sort((a, b) => b.updatedAt - a.updatedAt);
}

/**
 * Two writers (the page's recorder, the worker's checkpoints) store the same growing list of evaluations, each
 * possibly behind the other: the longer one is the newer (both are prefixes of one history).
 */
export const longer = <T>(a: T[], b: T[]): T[] => (b.length >= a.length ? b : a);

/** Stores the run's evaluations unless the stored list is already longer, with other changes, in one transaction. */
export async function updateRunProgress(db: LabDb, id: string, metrics: RunMetric[], change: RunChange = {}): Promise<RunRecord | null> {
  const tx = db.transaction('runs', 'readwrite');
  const run = await tx.store.get(id);
  if (!run) {
    await tx.done;
    return null;
  }
  const curves = longer<RunMetric>(run.metrics, metrics);
  // The page writes the metrics of the record's own kind (RunRecorder follows one run), so the kind still holds.
  const next = { ...run, ...change, metrics: curves, step: Math.max(change.step ?? 0, curves.at(-1)?.step ?? 0), updatedAt: Date.now() } as RunRecord;
  await tx.store.put(next);
  await tx.done;
  return next;
}

export const renameRun = (db: LabDb, id: string, name: string) => updateRun(db, id, { name });

/** Deletes a run with its checkpoints and the notes attached to it, in one transaction. */
export async function deleteRun(db: LabDb, id: string): Promise<void> {
  const tx = db.transaction(['runs', 'checkpoints', 'notes'], 'readwrite');
  const checkpointKeys = await tx.objectStore('checkpoints').index('byRun').getAllKeys(id);
  const notes = await tx.objectStore('notes').getAll();
  await Promise.all([
    tx.objectStore('runs').delete(id),
    ...checkpointKeys.map((k) => tx.objectStore('checkpoints').delete(k)),
    ...notes.filter((n) => n.runId === id).map((n) => tx.objectStore('notes').delete(n.id)),
  ]);
  await tx.done;
}

// ---- checkpoints -----------------------------------------------------------------------------------------------

export const checkpointId = (runId: string, step: number): string => `${runId}@${step}`;

/** The step of the checkpoint a run points at (read from its id, without loading the weights), or null. */
export function checkpointStepOf(run: Pick<RunRecord, 'checkpointId'>): number | null {
  if (!run.checkpointId) return null;
  const step = Number(run.checkpointId.slice(run.checkpointId.lastIndexOf('@') + 1));
  return Number.isInteger(step) ? step : null;
}

/**
 * Stores a checkpoint and points its run at it (one transaction), then drops the run's older checkpoints. With
 * `metrics` (the run's evaluations up to the checkpoint) the run's curves are stored in the same transaction, so a
 * resume never finds curves that stop short of its checkpoint.
 * Throws (e.g. a quota error, see isQuotaError) with the earlier checkpoint untouched.
 */
export async function saveCheckpoint(db: LabDb, record: Omit<CheckpointRecord, 'id'>, metrics?: unknown[]): Promise<CheckpointRecord> {
  const full: CheckpointRecord = { ...record, id: checkpointId(record.runId, record.step) };
  const tx = db.transaction(['checkpoints', 'runs'], 'readwrite');
  const run = await tx.objectStore('runs').get(record.runId);
  if (!run) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new Error(`run ${record.runId} is not stored`);
  }
  await tx.objectStore('checkpoints').put(full);
  const curves = metrics ? longer(run.metrics, metrics) : run.metrics;
  await tx.objectStore('runs').put({ ...run, metrics: curves, checkpointId: full.id, step: Math.max(run.step, record.step), updatedAt: Date.now() });
  await tx.done;
  await pruneCheckpoints(db, record.runId, full.id);
  return full;
}

/**
 * A sweep cell's trained SAE weights, stored as checkpoint `<sweep run id>@<cell index>` (the sweep's record does not
 * point at it: a sweep resumes by cells, not from a checkpoint). Deleted with the sweep's run.
 */
export async function putCellWeights(db: LabDb, sweepRunId: string, cellIndex: number, state: TrainerCheckpoint): Promise<void> {
  await db.put('checkpoints', { id: checkpointId(sweepRunId, cellIndex), runId: sweepRunId, step: cellIndex, savedAt: Date.now(), state });
}

/** The id of a sweep's running batch checkpoint: one per sweep, replaced as the batch trains, deleted when it ends. */
export const runningCellsId = (sweepRunId: string): string => `${sweepRunId}@running`;
const RUNNING_CELLS = 'sweep.cells';

/** A checkpoint of the batch of cells (by index) a sweep is training now, so a reload resumes it (issue 13). */
export async function putRunningCells(db: LabDb, sweepRunId: string, cellIndices: number[], state: TrainerCheckpoint): Promise<void> {
  const tagged = { ...state, counters: { ...state.counters, [RUNNING_CELLS]: cellIndices } };
  await db.put('checkpoints', { id: runningCellsId(sweepRunId), runId: sweepRunId, step: state.step, savedAt: Date.now(), state: tagged });
}

/** The sweep's running-batch checkpoint if it was saved for exactly these cells, else null. */
export async function runningCells(db: LabDb, sweepRunId: string, cellIndices: number[]): Promise<TrainerCheckpoint | null> {
  const record = await db.get('checkpoints', runningCellsId(sweepRunId));
  const saved = record?.state.counters[RUNNING_CELLS];
  if (!record || !saved || saved.join(',') !== cellIndices.join(',')) return null;
  const { [RUNNING_CELLS]: _, ...counters } = record.state.counters;
  return { ...record.state, counters };
}

export async function deleteRunningCells(db: LabDb, sweepRunId: string): Promise<void> {
  await db.delete('checkpoints', runningCellsId(sweepRunId));
}

/**
 * The id of a stabiliser comparison's mid-arm point (issue 14): one per stored comparison, replaced as its arms train,
 * so that a reload or a Stop continues the arm in progress instead of training it again. Deleted with the run.
 */
export const armPointId = (comparisonRunId: string): string => `${comparisonRunId}@arm`;

export async function putArmPoint(db: LabDb, comparisonRunId: string, point: ArmResumePoint): Promise<void> {
  const { state, ...arm } = point;
  await db.put('checkpoints', { id: armPointId(comparisonRunId), runId: comparisonRunId, step: state.step, savedAt: Date.now(), state, arm });
}

/** The comparison's last mid-arm point, or null (none saved, or its arm finished since). */
export async function armPoint(db: LabDb, comparisonRunId: string): Promise<ArmResumePoint | null> {
  const record = await db.get('checkpoints', armPointId(comparisonRunId));
  return record?.arm ? { ...record.arm, state: record.state } : null;
}

export async function deleteArmPoint(db: LabDb, comparisonRunId: string): Promise<void> {
  await db.delete('checkpoints', armPointId(comparisonRunId));
}

/** A sweep cell's stored SAE weights (putCellWeights), or undefined when they were never written or were cleared. */
export async function getCellWeights(db: LabDb, sweepRunId: string, cellIndex: number): Promise<TrainerCheckpoint | undefined> {
  return (await db.get('checkpoints', checkpointId(sweepRunId, cellIndex)))?.state;
}

/** The checkpoint the run points at, or null. */
export async function latestCheckpoint(db: LabDb, runId: string): Promise<CheckpointRecord | null> {
  const run = await db.get('runs', runId);
  if (!run?.checkpointId) return null;
  return (await db.get('checkpoints', run.checkpointId)) ?? null;
}

async function pruneCheckpoints(db: LabDb, runId: string, keep: string): Promise<void> {
  const tx = db.transaction('checkpoints', 'readwrite');
  const keys = await tx.store.index('byRun').getAllKeys(runId);
  await Promise.all(keys.filter((k) => k !== keep).map((k) => tx.store.delete(k)));
  await tx.done;
}

// ---- notes -----------------------------------------------------------------------------------------------------

export const putNote = async (db: LabDb, note: NoteRecord): Promise<void> => void (await db.put('notes', note));
export const deleteNote = (db: LabDb, id: string) => db.delete('notes', id);

/** Notes of one notebook, oldest first (the order the cells appear in). */
export async function listNotes(db: LabDb, experimentId: string): Promise<NoteRecord[]> {
  return (await db.getAllFromIndex('notes', 'byExperiment', experimentId)).sort((a, b) => a.createdAt - b.createdAt);
}

/** A finished run that arrives whole (a transformer imported from files): the run and its checkpoint in one transaction. */
export async function putRunWithCheckpoint(db: LabDb, run: RunRecord, checkpoint: CheckpointRecord): Promise<void> {
  if (run.checkpointId !== checkpoint.id || checkpoint.runId !== run.id) throw new Error('the checkpoint does not belong to the run');
  const tx = db.transaction(['runs', 'checkpoints'], 'readwrite');
  await Promise.all([tx.objectStore('runs').put(run), tx.objectStore('checkpoints').put(checkpoint)]);
  await tx.done;
}
