/**
 * A transformer brought in from files ("Open transformer…", checked by core/io/transformerImport.ts) becomes a
 * stored, finished transformer run: its record and a checkpoint at step 0 (the weights, fresh optimiser moments)
 * written in one transaction, then opened like any stored run, so the worker loads it and the SAE, stability,
 * Fourier and features sections work on it. Everything that can refuse runs before the write: on any error the
 * store and the page are as they were.
 */
import type { ImportedTransformer } from '../core/io/transformerImport.ts';
import { type ExperimentSpec, SPEC_VERSION } from '../core/spec/experiment.ts';
import type { TrainerCheckpoint } from '../core/train/checkpoint.ts';
import { weightShapes } from '../core/transformer/weights.ts';
import { checkpointId, newId, putRunWithCheckpoint } from '../storage/repo.ts';
import type { ImportedInfo } from '../storage/runKinds.ts';
import { NOTEBOOK_ID, type RunRecord } from '../storage/schema.ts';
import type { StorageContext } from './storageContext.ts';

export interface TransformerImportActions {
  /** Stores and opens an imported transformer; rejects with a message for the user, changing nothing. */
  importTransformer(imported: ImportedTransformer): Promise<void>;
}

/** A checkpoint that continues from `weights` as if no step had been taken (zero AdamW moments). */
function stepZero(imported: ImportedTransformer): TrainerCheckpoint {
  const zeros = () => weightShapes(imported.spec).map(([, shape]) => new Float32Array(shape.reduce((a, b) => a * b, 1)));
  return { kind: 'transformer', step: 0, tensors: imported.weights, optimizers: [{ step: 0, m: zeros(), v: zeros() }], rngs: [], counters: {} };
}

export function transformerImportActions(ctx: StorageContext, open: (id: string) => Promise<void>): TransformerImportActions {
  return {
    async importTransformer(imported) {
      const { transformer, saes, storage } = ctx.get();
      for (const [what, status] of [['transformer', transformer.status], ['SAE', saes.status]] as const) {
        if (status === 'running' || status === 'paused') throw new Error(`stop the ${what} run in progress first`);
      }
      if (!ctx.db || storage.status !== 'ready') throw new Error('runs cannot be stored in this browser, and an imported transformer is kept as a stored run');
      const id = newId();
      const now = Date.now();
      const spec: ExperimentSpec = { version: SPEC_VERSION, name: 'imported', transformer: imported.spec };
      const info: ImportedInfo = { imported: { files: imported.files, splitKnown: imported.splitKnown, notes: imported.notes } };
      const layout = imported.splitKnown ? 'lab files' : 'TransformerLens, split unknown';
      const run: RunRecord = {
        id, experimentId: NOTEBOOK_ID, kind: 'transformer', name: `transformer imported (${layout}) · p=${imported.spec.p}`, spec,
        status: 'done', createdAt: now, updatedAt: now, backend: 'imported', step: 0, metrics: [], summary: null,
        checkpointId: checkpointId(id, 0), info, ...(imported.notes.length > 0 ? { message: imported.notes.join('; ') } : {}),
      };
      await putRunWithCheckpoint(ctx.db, run, { id: checkpointId(id, 0), runId: id, step: 0, savedAt: now, state: stepZero(imported) });
      await ctx.refreshRuns();
      void ctx.refreshUse();
      await open(id);
    },
  };
}
