/**
 * The notebook file's round-trip property: whatever the app can store — transformer and SAE runs in every status,
 * checkpoints mid-run and at the end, runs stopped before their first checkpoint, imported SAEs, notes loose and
 * attached — exports to a file that imports into an empty store as the same records, bit for bit. The states are
 * real: a tiny transformer and SAEs trained for a generated number of steps on the cpu backend, stored through the
 * repository functions the app writes with. Generated over many seeds and run lengths.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';
import { collectActivations } from '../../src/core/sae/activations.ts';
import type { SaeRunSummary } from '../../src/core/sae/loop.ts';
import { SaeTrainer } from '../../src/core/sae/trainer.ts';
import { type ExperimentSpec, presetSpec } from '../../src/core/spec/experiment.ts';
import { type SaeSpec, saeHookName, validateSaes } from '../../src/core/spec/sae.ts';
import * as tf from '../../src/core/tf.ts';
import { TransformerTrainer } from '../../src/core/train/transformerTrainer.ts';
import { type LabDb, openLabDb } from '../../src/storage/db.ts';
import { encodeNotebook, importNotebookFile, readNotebook, sameRecord } from '../../src/storage/notebookFile.ts';
import * as repo from '../../src/storage/repo.ts';
import { NOTEBOOK_ID, type RunRecord, STORE_NAMES, type StoredRunStatus } from '../../src/storage/schema.ts';
import type { SaeRunInfo } from '../../src/worker/saeMessages.ts';
import { useBackend } from '../helpers/backend.ts';

const CASES = 24;

let n = 0;
const dbs: LabDb[] = [];
async function fresh(): Promise<LabDb> {
  const db = await openLabDb({ name: `round-trip-${++n}` });
  dbs.push(db);
  return db;
}
afterEach(() => dbs.splice(0).forEach((db) => db.close()));

/** Every record of every store, in key order. */
async function everything(db: LabDb) {
  return Object.fromEntries(await Promise.all(STORE_NAMES.map(async (s) => [s, await db.getAll(s)] as const)));
}

const pick = <T>(rng: Rng, options: readonly T[]): T => options[rng.int(options.length)];
const unfinished: StoredRunStatus[] = ['running', 'paused', 'interrupted', 'error', 'stopped'];

/** Stores a run the way the app does: its record first, then each checkpoint with the curves up to it. */
async function storeRun(db: LabDb, run: RunRecord, checkpoints: { step: number; state: Awaited<ReturnType<SaeTrainer['checkpoint']>> }[]) {
  await repo.putRun(db, { ...run, metrics: [], checkpointId: null });
  for (const { step, state } of checkpoints) {
    await repo.saveCheckpoint(db, { runId: run.id, step, savedAt: run.updatedAt, state }, (run.metrics as { step: number }[]).filter((m) => m.step <= step));
  }
  await repo.updateRunProgress(db, run.id, run.metrics, { status: run.status, summary: run.summary, updatedAt: run.updatedAt });
}

/** A transformer trained `steps` of `total` steps (tiny preset, shortened), stored as the app would store it. */
async function transformerRun(db: LabDb, rng: Rng, id: string, spec: ExperimentSpec): Promise<{ run: RunRecord; trainer: TransformerTrainer }> {
  const total = spec.transformer.steps;
  const steps = rng.uniform() < 0.5 ? total : rng.int(total);
  const trainer = new TransformerTrainer(spec.transformer);
  const metrics = [await trainer.evaluate()];
  const saved = [];
  while (trainer.stepCount < steps) {
    trainer.step();
    if (trainer.stepCount % spec.transformer.evalEvery === 0 || trainer.stepCount === steps) metrics.push(await trainer.evaluate());
    if (rng.uniform() < 0.3 || trainer.stepCount === steps) saved.push({ step: trainer.stepCount, state: await trainer.checkpoint() });
  }
  const finished = steps === total;
  const status: StoredRunStatus = finished ? pick(rng, ['done', 'stopped'] as const) : pick(rng, unfinished);
  const kept = status === 'interrupted' && rng.uniform() < 0.3 ? [] : saved; // interrupted before its first checkpoint
  const run: RunRecord = {
    id, experimentId: NOTEBOOK_ID, kind: 'transformer', name: `transformer ${id}`, spec, status, createdAt: 1000 + n, updatedAt: 2000 + n,
    backend: 'cpu', step: steps, metrics, checkpointId: null,
    summary: status === 'done' || status === 'stopped' ? { steps, final: metrics.at(-1)!, wallSeconds: rng.uniform(), msPerStep: 3, stopped: status === 'stopped', stepsToGrok: null, secondsToGrok: null } : null,
    ...(status === 'error' ? { message: 'SAE training failed: the device was lost' } : {}),
  };
  await storeRun(db, run, kept);
  return { run, trainer };
}

/** SAEs trained (or imported: zero steps from given weights) on the transformer's activations, stored as the app would. */
async function saeRun(db: LabDb, rng: Rng, id: string, spec: ExperimentSpec, source: { run: RunRecord; trainer: TransformerTrainer }, imported: boolean): Promise<RunRecord> {
  const seeds = Array.from({ length: 1 + rng.int(3) }, () => rng.int(2 ** 31));
  const saes: SaeSpec = validateSaes({ ...spec.saes!, seeds, architecture: pick(rng, ['topk', 'relu'] as const), expansion: 1 + rng.int(2), k: 1 + rng.int(8), epochs: 1 + rng.int(3), batchSize: pick(rng, [16, 32, 64]), evalEvery: 1 + rng.int(4) });
  const acts = collectActivations(source.trainer.model, saeHookName(saes), saes.position); // [rows, d_model]
  let startFrom;
  if (imported) {
    const donor = await SaeTrainer.create(saes, acts);
    donor.step();
    startFrom = await donor.weights();
    donor.dispose();
  }
  const trainer = await SaeTrainer.create(saes, acts, { startFrom });
  acts.dispose();
  const total = imported ? 0 : trainer.totalSteps;
  const steps = imported || rng.uniform() < 0.5 ? total : 1 + rng.int(total - 1);
  const metrics = [await trainer.evaluate()];
  const saved = [];
  while (trainer.stepCount < steps) {
    trainer.step();
    if (trainer.stepCount % saes.evalEvery === 0 || trainer.stepCount === steps) metrics.push(await trainer.evaluate());
    if (rng.uniform() < 0.3 || trainer.stepCount === steps) saved.push({ step: trainer.stepCount, state: await trainer.checkpoint() });
  }
  if (imported) saved.push({ step: 0, state: await trainer.checkpoint() });
  const info: SaeRunInfo = {
    transformerRunId: -1, transformerStep: source.run.step, hookName: saeHookName(saes), position: saes.position, dIn: trainer.dIn,
    nLatents: trainer.nLatents, rows: trainer.rows, stepsPerEpoch: trainer.stepsPerEpoch, totalSteps: total, seeds, grouping: 'lockstep',
  };
  trainer.dispose();
  const finished = steps === total;
  const status: StoredRunStatus = finished ? 'done' : pick(rng, unfinished);
  const summary: SaeRunSummary | null = finished ? { steps, totalSteps: total, final: metrics.at(-1)!, wallSeconds: rng.uniform(), msPerStep: imported ? NaN : 2, stopped: false } : null;
  const run: RunRecord = {
    id, experimentId: NOTEBOOK_ID, kind: 'saes', name: `SAEs ${id}`, spec: { ...spec, saes }, status, createdAt: 1500 + n, updatedAt: 2500 + n,
    backend: 'cpu', step: steps, metrics, summary, checkpointId: null, source: { runId: source.run.id, step: source.run.step }, info,
  };
  await storeRun(db, run, status === 'interrupted' && rng.uniform() < 0.2 ? [] : saved);
  return run;
}

/** A notebook generated from `seed`: runs of every kind and length, with notes. */
async function generate(db: LabDb, seed: number): Promise<void> {
  const rng = new Rng(seed, 1234);
  const spec = presetSpec('tiny');
  // A tiny transformer (tiny preset, smaller still): the records have the app's shapes, only fewer numbers.
  spec.transformer = { ...spec.transformer, p: 5 + rng.int(8), dModel: 8, nHeads: 2, dMlp: 16, seed: rng.int(1000), steps: 2 + rng.int(6), evalEvery: 1 + rng.int(3) };
  const source = await transformerRun(db, rng, `t${seed}`, spec);
  const runs = [source.run.id];
  for (let i = 0; i < 1 + rng.int(3); i++) runs.push((await saeRun(db, rng, `s${seed}-${i}`, spec, source, i === 1 && rng.uniform() < 0.5)).id);
  source.trainer.dispose();
  await repo.putExperiment(db, { id: NOTEBOOK_ID, name: `notebook ${seed}`, spec, createdAt: 10, updatedAt: 20, openRuns: { transformer: runs[0], saes: runs.at(-1)! } });
  for (let i = 0; i < rng.int(4); i++) {
    const markdown = pick(rng, ['# Plan', 'k = 8 · λ ≥ 1e-3 — ✓', '<img src=x onerror=alert(1)>', 'line\n\nnext']) + ` ${i}`;
    await repo.putNote(db, { id: `n${seed}-${i}`, experimentId: NOTEBOOK_ID, runId: rng.uniform() < 0.5 ? pick(rng, runs) : null, markdown, createdAt: 100 + i, updatedAt: 200 + i });
  }
}

/** What the importer is documented to change: a run stored as running comes back as interrupted (no tab trains it). */
const asImported = (stores: Awaited<ReturnType<typeof everything>>) => ({
  ...stores,
  runs: (stores.runs as RunRecord[]).map((r) => (r.status === 'running' ? { ...r, status: 'interrupted' as const } : r)),
});

describe('notebook file round trip (property)', () => {
  beforeAll(() => useBackend('cpu'));

  it(`${CASES} generated notebooks export and import back to identical stores`, async () => {
    const words: number[] = [];
    for (let seed = 1; seed <= CASES; seed++) {
      const before = tf.memory().numTensors;
      const from = await fresh();
      await generate(from, seed);
      expect(tf.memory().numTensors, `tensors leaked by case ${seed}`).toBeLessThanOrEqual(before);
      const file = encodeNotebook(await readNotebook(from), '2026-01-01T00:00:00.000Z');
      const to = await fresh();
      const { summary } = await importNotebookFile(to, file).catch((e: Error) => {
        throw new Error(`case ${seed}: ${e.message}`);
      });
      const [expected, got] = [asImported(await everything(from)), await everything(to)];
      expect(summary.skipped + summary.renamed, `case ${seed}`).toBe(0);
      const same = sameRecord(got, expected); // bit for bit (typed arrays, NaN, -0)
      if (!same) expect(got, `case ${seed}`).toEqual(expected); // says where they differ
      expect(same, `case ${seed}: bit for bit`).toBe(true);
      for (const k of got.checkpoints) words.push(...k.state.rngs.flat());
    }
    // The corpus holds the words a signed generator state once stored below 0 (now ≥ 2^31), and every word is unsigned.
    expect(words.some((w) => w >= 2 ** 31)).toBe(true);
    expect(words.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)).toBe(true);
  });

  it('opens a file written before generator states were unsigned (a word below 0) and keeps it as written', async () => {
    const from = await fresh();
    await generate(from, 3);
    const contents = await readNotebook(from);
    const k = contents.checkpoints.find((c) => c.state.rngs.length > 0)!;
    k.state.rngs[0][0] = -(2 ** 31); // what `b ^ (b >>> 9)` stored before the fix
    k.state.rngs[0][1] = -1;
    const to = await fresh();
    await importNotebookFile(to, encodeNotebook(contents));
    expect((await repo.latestCheckpoint(to, k.runId))!.state.rngs[0].slice(0, 2)).toEqual([-(2 ** 31), -1]);
  });
});
