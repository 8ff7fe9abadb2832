/**
 * Which runs of an imported notebook file open in the sections at once (not only in Run history): the latest SAE
 * run and the transformer it read (so the SAEs show on their own source), else the latest transformer run.
 */
import type { LabDb } from '../storage/db.ts';
import { getRun, listRuns } from '../storage/repo.ts';
import { NOTEBOOK_ID, type RunKind, type RunRecord } from '../storage/schema.ts';

const latest = (runs: RunRecord[]): RunRecord | undefined => runs.reduce<RunRecord | undefined>((a, r) => (!a || r.createdAt >= a.createdAt ? r : a), undefined);

/** The imported runs to show, transformer first (an SAE run opens on the transformer shown). */
export function runsToOpen(imported: RunRecord[]): Partial<Record<RunKind, RunRecord>> {
  const saes = latest(imported.filter((r) => r.kind === 'saes'));
  const source = saes?.source && imported.find((r) => r.kind === 'transformer' && r.id === saes.source!.runId);
  const transformer = source || latest(imported.filter((r) => r.kind === 'transformer'));
  return { ...(transformer ? { transformer } : {}), ...(saes ? { saes } : {}) };
}

/**
 * The id an imported run is stored under: its own, or the new one the import gave it when a different run held its
 * id (storage/notebookFile.ts); found then by kind, name and creation time. Null when it is not stored.
 */
export async function storedIdOf(db: LabDb, rec: RunRecord): Promise<string | null> {
  const same = (r: RunRecord) => r.kind === rec.kind && r.name === rec.name && r.createdAt === rec.createdAt;
  const byId = await getRun(db, rec.id);
  if (byId && same(byId)) return byId.id;
  return (await listRuns(db, NOTEBOOK_ID)).find(same)?.id ?? null;
}
