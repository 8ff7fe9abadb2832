/**
 * A stored stabiliser comparison (issue 14): its finished arms (dictionaries as Float32Arrays, one stored metric per
 * arm) and its summary come back from IndexedDB and through a notebook file bit for bit, so a reloaded page or an
 * opened file can show the table and continue the comparison.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FinishedArm } from '../../src/core/stabilise/finished.ts';
import type { StabiliseSummary } from '../../src/core/stabilise/record.ts';
import { validateStabiliseBlock } from '../../src/core/stabilise/block.ts';
import { SPEC_VERSION } from '../../src/core/spec/experiment.ts';
import { saePresets } from '../../src/core/spec/sae.ts';
import { transformerPresets } from '../../src/core/spec/transformer.ts';
import { type LabDb, openLabDb } from '../../src/storage/db.ts';
import { encodeNotebook, importNotebookFile, readNotebook, sameRecord } from '../../src/storage/notebookFile.ts';
import * as repo from '../../src/storage/repo.ts';
import { NOTEBOOK_ID, type RunRecordOf } from '../../src/storage/schema.ts';

const dbs: LabDb[] = [];
afterEach(() => dbs.splice(0).forEach((db) => db.close()));
const fresh = async (name: string) => {
  const db = await openLabDb({ name });
  dbs.push(db);
  return db;
};

const sae = { ...saePresets.tiny, seeds: [42, 123] };
const block = validateStabiliseBlock({ methods: [{ method: 'tiedInit' }] }, sae.seeds);
const dictionary = (x: number) => ({ n: 2, d: 3, decoder: Float32Array.from([x, -0, 1, 2, 3, 4]), encoder: Float32Array.from([5, 6, 7, 8, 9, x]) });
const arm: FinishedArm = {
  label: 'plain', step: 18, stab: { method: 'plain' } as FinishedArm['stab'],
  arm: { method: 'plain', init: 'own', seeds: [42, 123].map((seed, i) => ({ seed, group: i, dictionary: dictionary(i + 0.5), fvu: 0.1, l0: 4, deadFraction: 0, fourierShare: null, stableFourier: null })) },
};
const summary = { rows: [], answer: 'Stopped…', arms: [{ label: 'plain', stab: arm.stab }], nulls: {}, missing: ['tiedInit'], stopped: true, steps: 19 } as unknown as StabiliseSummary;

describe('a stored stabiliser comparison', () => {
  it('keeps its finished arms and summary through IndexedDB and a notebook file, bit for bit', async () => {
    const from = await fresh('stabilise-from');
    const rec: RunRecordOf<'stabilise'> = {
      id: 'cmp', experimentId: NOTEBOOK_ID, kind: 'stabilise', name: 'stabilisers tiedInit', status: 'stopped', createdAt: 1, updatedAt: 2,
      backend: 'cpu', step: 19, checkpointId: null, metrics: [arm], summary, source: { runId: 'run-1', step: 60 },
      spec: { version: SPEC_VERSION, name: 'x', transformer: transformerPresets.tiny, saes: sae, stabilise: block },
    };
    await repo.putExperiment(from, { id: NOTEBOOK_ID, name: 'notebook', spec: rec.spec, createdAt: 1, updatedAt: 2, openRuns: { stabilise: 'cmp' } });
    await repo.putRun(from, rec);
    const stored = await repo.getRun(from, 'cmp');
    expect(sameRecord(stored, rec)).toBe(true);
    const to = await fresh('stabilise-to');
    await importNotebookFile(to, encodeNotebook(await readNotebook(from)));
    const back = await repo.getRun(to, 'cmp');
    expect(back?.kind === 'stabilise' && back.metrics[0].arm.seeds[1].dictionary.decoder).toBeInstanceOf(Float32Array);
    expect(sameRecord(back, rec)).toBe(true);
  });
});
