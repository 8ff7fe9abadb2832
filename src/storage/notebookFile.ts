/**
 * The whole notebook as one `.saelab` file (docs/files.md): the notebook's spec, its runs, their checkpoints and
 * its notes, in the binary container of core/io/container.ts (JSON header, tensors as raw float32).
 *
 * Import is two steps: `parseNotebookFile` checks the whole file (container, version, every record's shape, spec,
 * cross-references) and throws a NotebookFileError before anything is written; `importNotebook` then writes it all
 * in ONE transaction, so a failure (e.g. quota) leaves the store exactly as it was.
 */
import { ContainerError, decodeContainer, encodeContainer } from '../core/io/container.ts';
import type { LabDb } from './db.ts';
import { RECORD_LIMITS, RecordError, checkCheckpoint, checkExperiment, checkNote, checkRun } from './records.ts';
import { checkpointId, newId } from './repo.ts';
import { type CheckpointRecord, DB_VERSION, type ExperimentRecord, NOTEBOOK_ID, type NoteRecord, type RunRecord } from './schema.ts';

export const NOTEBOOK_FILE_KIND = 'sae-stability-lab/notebook';
export const NOTEBOOK_FILE_VERSION = 1;
export const NOTEBOOK_FILE_EXTENSION = '.saelab';

export class NotebookFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotebookFileError';
  }
}

export interface NotebookContents {
  experiment: ExperimentRecord | null;
  runs: RunRecord[];
  checkpoints: CheckpointRecord[];
  notes: NoteRecord[];
}

/** Reads the page's notebook (one read transaction, so the file is a consistent snapshot). */
export async function readNotebook(db: LabDb, experimentId = NOTEBOOK_ID): Promise<NotebookContents> {
  const tx = db.transaction(['experiments', 'runs', 'checkpoints', 'notes'], 'readonly');
  const experiment = (await tx.objectStore('experiments').get(experimentId)) ?? null;
  const runs = await tx.objectStore('runs').index('byExperiment').getAll(experimentId);
  // Points that only continue work in this browser (a sweep's running batch, a comparison's arm in training) stay:
  // the file keeps what a run was resumed or opened from, named RUN@STEP.
  const checkpoints = (await Promise.all(runs.map((r) => tx.objectStore('checkpoints').index('byRun').getAll(r.id)))).flat()
    .filter((k) => k.id === checkpointId(k.runId, k.step));
  const notes = await tx.objectStore('notes').index('byExperiment').getAll(experimentId);
  await tx.done;
  const byTime = <T extends { createdAt: number }>(a: T, b: T) => a.createdAt - b.createdAt;
  return { experiment, runs: runs.sort(byTime), checkpoints, notes: notes.sort(byTime) };
}

export function encodeNotebook(contents: NotebookContents, exportedAt = new Date().toISOString()): Uint8Array {
  return encodeContainer(NOTEBOOK_FILE_KIND, { version: NOTEBOOK_FILE_VERSION, schemaVersion: DB_VERSION, exportedAt, ...contents });
}

export async function exportNotebook(db: LabDb): Promise<Uint8Array> {
  return encodeNotebook(await readNotebook(db));
}

function unique(kind: string, ids: string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new NotebookFileError(`the file holds two ${kind} with id "${id.slice(0, 60)}"`);
    seen.add(id);
  }
}

function checkBody(raw: unknown): NotebookContents {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new RecordError('document must be an object');
  const b = raw as Record<string, unknown>;
  const known = ['version', 'schemaVersion', 'exportedAt', 'experiment', 'runs', 'checkpoints', 'notes'];
  for (const k of Object.keys(b)) if (!known.includes(k)) throw new RecordError(`document field "${k.slice(0, 40)}" is not known`);
  if (b.version !== NOTEBOOK_FILE_VERSION) {
    throw new RecordError(`notebook file version ${JSON.stringify(b.version)?.slice(0, 20)} is not supported (this lab reads version ${NOTEBOOK_FILE_VERSION})`);
  }
  if (!Number.isInteger(b.schemaVersion) || (b.schemaVersion as number) < 1 || (b.schemaVersion as number) > DB_VERSION) {
    throw new RecordError(`the file was written by a newer lab (store version ${JSON.stringify(b.schemaVersion)?.slice(0, 20)}; this lab has ${DB_VERSION})`);
  }
  const lists = { runs: RECORD_LIMITS.runs, checkpoints: RECORD_LIMITS.checkpoints, notes: RECORD_LIMITS.notes };
  for (const [k, max] of Object.entries(lists)) {
    if (!Array.isArray(b[k])) throw new RecordError(`document "${k}" must be a list`);
    if ((b[k] as unknown[]).length > max) throw new RecordError(`the file holds ${(b[k] as unknown[]).length} ${k}; at most ${max} are read`);
  }
  return {
    experiment: b.experiment === null ? null : checkExperiment(b.experiment),
    runs: (b.runs as unknown[]).map((r, i) => checkRun(r, `runs[${i}]`)),
    checkpoints: (b.checkpoints as unknown[]).map((c, i) => checkCheckpoint(c, `checkpoints[${i}]`)),
    notes: (b.notes as unknown[]).map((n, i) => checkNote(n, `notes[${i}]`)),
  };
}

/** Every reference inside the file points at a record of the file. */
function checkLinks(c: NotebookContents): void {
  unique('runs', c.runs.map((r) => r.id));
  unique('checkpoints', c.checkpoints.map((k) => k.id));
  unique('notes', c.notes.map((n) => n.id));
  const runs = new Map(c.runs.map((r) => [r.id, r]));
  const checkpoints = new Map(c.checkpoints.map((k) => [k.id, k]));
  for (const k of c.checkpoints) {
    if (!runs.has(k.runId)) throw new NotebookFileError(`checkpoint "${k.id.slice(0, 60)}" belongs to a run the file lacks`);
    if (k.id !== checkpointId(k.runId, k.step)) throw new NotebookFileError(`checkpoint "${k.id.slice(0, 60)}" is not named after its run and step`);
    // A sweep's cell weights are named after the cell (repo.putCellWeights), their state after its SAE steps.
    if (runs.get(k.runId)!.kind !== 'sweep' && k.state.step !== k.step) throw new NotebookFileError(`checkpoint "${k.id.slice(0, 60)}" says step ${k.step} but its state is at ${k.state.step}`);
  }
  for (const r of c.runs) {
    if (r.checkpointId !== null && checkpoints.get(r.checkpointId)?.runId !== r.id) {
      throw new NotebookFileError(`run "${r.name.slice(0, 60)}" points at a checkpoint the file lacks`);
    }
  }
  for (const n of c.notes) if (n.runId !== null && !runs.has(n.runId)) throw new NotebookFileError('a note is attached to a run the file lacks');
}

/** Checks a notebook file completely; throws a NotebookFileError that says what is wrong. Writes nothing. */
export function parseNotebookFile(bytes: Uint8Array): NotebookContents {
  try {
    const contents = checkBody(decodeContainer(bytes, NOTEBOOK_FILE_KIND));
    checkLinks(contents);
    return contents;
  } catch (e) {
    if (e instanceof NotebookFileError) throw e;
    if (e instanceof ContainerError || e instanceof RecordError) throw new NotebookFileError(e.message);
    throw new NotebookFileError(`unreadable notebook file: ${(e as Error)?.message ?? String(e)}`);
  }
}

export interface ImportSummary {
  runs: number;
  checkpoints: number;
  notes: number;
  /** Records already stored unchanged (importing the same file twice adds nothing). */
  skipped: number;
  /** Runs or notes whose id was taken by a different record here: imported under a new id. */
  renamed: number;
}

/** Deep equality over records (plain data and typed arrays, bit for bit). */
export function sameRecord(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    return a.constructor === b.constructor && x.length === y.length && x.every((v, i) => v === y[i]);
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameRecord((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Writes checked contents into the page's notebook in one transaction. Nothing stored is overwritten or deleted:
 * a record already stored unchanged is skipped; a run or note whose id is taken by a different record gets a new
 * id (its checkpoints and notes follow it). The notebook's spec becomes the file's. A run that was running when
 * exported comes back as interrupted (resumable from its checkpoint).
 */
export async function importNotebook(db: LabDb, c: NotebookContents): Promise<ImportSummary> {
  const summary: ImportSummary = { runs: 0, checkpoints: 0, notes: 0, skipped: 0, renamed: 0 };
  const tx = db.transaction(['experiments', 'runs', 'checkpoints', 'notes'], 'readwrite');
  const runs = tx.objectStore('runs');
  const checkpoints = tx.objectStore('checkpoints');
  const notes = tx.objectStore('notes');
  try {
    // Runs first: a run clashes when its id is stored with other contents; it and its dependants take a new id.
    const incoming = c.runs.map((r) => ({ ...r, experimentId: NOTEBOOK_ID, status: r.status === 'running' ? 'interrupted' as const : r.status }));
    const runIds = new Map<string, string>();
    const skip = new Set<string>();
    for (const run of incoming) {
      const stored = await runs.get(run.id);
      if (stored && sameRecord(stored, run)) skip.add(run.id);
      runIds.set(run.id, stored && !skip.has(run.id) ? newId() : run.id);
    }
    const mapRun = (id: string) => runIds.get(id) ?? id;
    const stepOf = new Map(c.checkpoints.map((k) => [k.id, k.step]));
    for (const run of incoming) {
      if (skip.has(run.id)) {
        summary.skipped++;
        continue;
      }
      const id = mapRun(run.id);
      if (id !== run.id) summary.renamed++;
      const moved: RunRecord = { ...run, id, checkpointId: run.checkpointId === null ? null : checkpointId(id, stepOf.get(run.checkpointId)!) };
      if (run.source) moved.source = { ...run.source, runId: mapRun(run.source.runId) };
      await runs.put(moved);
      summary.runs++;
    }
    for (const k of c.checkpoints) {
      const runId = mapRun(k.runId);
      const record = { ...k, id: checkpointId(runId, k.step), runId };
      if (await checkpoints.getKey(record.id)) summary.skipped++;
      else {
        await checkpoints.put(record);
        summary.checkpoints++;
      }
    }
    for (const note of c.notes) {
      const record = { ...note, experimentId: NOTEBOOK_ID, runId: note.runId === null ? null : mapRun(note.runId) };
      const stored = await notes.get(note.id);
      if (stored && sameRecord(stored, record)) {
        summary.skipped++;
        continue;
      }
      if (stored) summary.renamed++;
      await notes.put(stored ? { ...record, id: newId() } : record);
      summary.notes++;
    }
    if (c.experiment) {
      const experiments = tx.objectStore('experiments');
      const stored = await experiments.get(NOTEBOOK_ID);
      const openRuns = Object.fromEntries(Object.entries(c.experiment.openRuns).map(([k, v]) => [k, mapRun(v)]));
      await experiments.put({ ...c.experiment, id: NOTEBOOK_ID, openRuns, createdAt: stored?.createdAt ?? c.experiment.createdAt });
    }
    await tx.done;
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // already aborted by the failed request
    }
    await tx.done.catch(() => undefined);
    throw e;
  }
  return summary;
}

/** Checks a file completely, then writes it (nothing is written when the check fails). */
export async function importNotebookFile(db: LabDb, bytes: Uint8Array): Promise<{ contents: NotebookContents; summary: ImportSummary }> {
  const contents = parseNotebookFile(bytes);
  return { contents, summary: await importNotebook(db, contents) };
}
