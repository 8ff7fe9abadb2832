/**
 * Upgrade steps of the IndexedDB layout, one per version, run in order inside the upgrade transaction.
 *
 * Version 1 (the first storage layout) kept runs and notes only, each run with its latest checkpoint inline.
 * Version 2 moves checkpoints to their own store (a checkpoint every few seconds no longer rewrites the run and its
 * metric history) and adds experiments (notebooks), so runs and notes belong to one.
 */
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { type CheckpointRecord, type ExperimentRecord, type LabSchema, NOTEBOOK_ID, type RunKind, type RunMetric, type RunRecord, type RunRecordBase } from './schema.ts';

/** Version-1 runs and notes move into the page's notebook. */
const LEGACY_EXPERIMENT_ID = NOTEBOOK_ID;

/** What a version-1 run looked like (kept for the migration and its test). */
export interface RunRecordV1 extends Omit<RunRecordBase, 'experimentId' | 'checkpointId'> {
  kind: RunKind;
  metrics: RunMetric[];
  summary: RunRecord['summary'];
  checkpoint: Omit<CheckpointRecord, 'id' | 'runId'> | null;
}

// During an upgrade the stores exist in various versions, so the steps work on an untyped view of the database.
type AnyDb = IDBPDatabase<unknown>;
type AnyTx = IDBPTransaction<unknown, string[], 'versionchange'>;

function createV1(db: AnyDb): void {
  db.createObjectStore('runs', { keyPath: 'id' });
  db.createObjectStore('notes', { keyPath: 'id' });
}

async function upgradeV1toV2(db: AnyDb, tx: AnyTx): Promise<void> {
  const experiments = db.createObjectStore('experiments', { keyPath: 'id' });
  experiments.createIndex('byUpdated', 'updatedAt');
  const checkpoints = db.createObjectStore('checkpoints', { keyPath: 'id' });
  checkpoints.createIndex('byRun', 'runId');
  const runs = tx.objectStore('runs');
  runs.createIndex('byExperiment', 'experimentId');
  runs.createIndex('byUpdated', 'updatedAt');
  const notes = tx.objectStore('notes');
  notes.createIndex('byExperiment', 'experimentId');

  let newest: RunRecordV1 | null = null;
  for (let cursor = await runs.openCursor(); cursor; cursor = await cursor.continue()) {
    const { checkpoint, ...rest } = cursor.value as RunRecordV1;
    let checkpointId: string | null = null;
    if (checkpoint) {
      checkpointId = `${rest.id}@${checkpoint.step}`;
      await checkpoints.put({ ...checkpoint, id: checkpointId, runId: rest.id } satisfies CheckpointRecord);
    }
    await cursor.update({ ...rest, experimentId: LEGACY_EXPERIMENT_ID, checkpointId } satisfies RunRecordBase); // kind and payloads as they were
    if (!newest || rest.updatedAt > newest.updatedAt) newest = cursor.value as RunRecordV1;
  }
  for (let cursor = await notes.openCursor(); cursor; cursor = await cursor.continue()) {
    await cursor.update({ ...cursor.value, experimentId: LEGACY_EXPERIMENT_ID });
  }
  if (newest) {
    const legacy: ExperimentRecord = {
      id: LEGACY_EXPERIMENT_ID, name: newest.spec.name, spec: newest.spec,
      createdAt: newest.createdAt, updatedAt: newest.updatedAt, openRuns: {},
    };
    await experiments.put(legacy);
  }
}

/** Brings a database at `oldVersion` up to `newVersion`, step by step. */
export async function migrate(db: IDBPDatabase<LabSchema>, oldVersion: number, newVersion: number, tx: AnyTx): Promise<void> {
  const anyDb = db as unknown as AnyDb;
  if (oldVersion < 1 && newVersion >= 1) createV1(anyDb);
  if (oldVersion < 2 && newVersion >= 2) await upgradeV1toV2(anyDb, tx);
}
