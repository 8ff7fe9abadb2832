import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { type LabDb, openLabDb } from '../../src/storage/db.ts';
import { importNotebook } from '../../src/storage/notebookFile.ts';
import * as repo from '../../src/storage/repo.ts';
import type { RunRecord } from '../../src/storage/schema.ts';
import { runsToOpen, storedIdOf } from '../../src/store/importedRuns.ts';
import { sampleNotebook } from '../storage/notebookFixture.ts';

let n = 0;
const dbs: LabDb[] = [];
async function fresh(): Promise<LabDb> {
  const db = await openLabDb({ name: `imported-runs-${++n}` });
  dbs.push(db);
  return db;
}
afterEach(() => dbs.splice(0).forEach((db) => db.close()));

const [t1, s1] = sampleNotebook().runs;
const run = (over: Partial<RunRecord>): RunRecord => ({ ...t1, ...over }) as RunRecord;

describe('an imported notebook opens its runs in the sections', () => {
  it('picks the latest SAE run and the transformer it read, else the latest transformer', () => {
    const t2 = run({ id: 't2', createdAt: 5000 }); // newer, but the SAEs were not trained on it
    expect(runsToOpen([t1, s1, t2])).toEqual({ transformer: t1, saes: s1 });
    expect(runsToOpen([t1, t2])).toEqual({ transformer: t2 });
    const s2 = { ...s1, id: 's2', createdAt: 6000, source: { runId: 't2', step: 60 } } as RunRecord;
    expect(runsToOpen([t1, s1, t2, s2])).toEqual({ transformer: t2, saes: s2 });
    const orphan = { ...s1, id: 's3', createdAt: 7000, source: { runId: 'elsewhere', step: 1 } } as RunRecord;
    expect(runsToOpen([t1, t2, orphan])).toEqual({ transformer: t2, saes: orphan });
    expect(runsToOpen([])).toEqual({});
  });

  it('finds each run under the id the import stored it with, also when the import had to rename it', async () => {
    const db = await fresh();
    await repo.putRun(db, run({ id: 't1', name: 'a different run that held the id', createdAt: 1 }));
    const contents = sampleNotebook();
    await importNotebook(db, contents);
    const picks = runsToOpen(contents.runs);
    const tId = await storedIdOf(db, picks.transformer!);
    expect(tId).not.toBe('t1'); // renamed: t1 belongs to the run stored before
    expect((await repo.getRun(db, tId!))?.name).toBe('tiny transformer');
    expect(await storedIdOf(db, picks.saes!)).toBe('s1');
    expect((await repo.getRun(db, 's1'))?.source?.runId).toBe(tId); // the SAEs still point at their transformer
    expect(await storedIdOf(db, run({ id: 'nowhere', name: 'never imported' }))).toBeNull();
  });
});
