/**
 * The sweep's memory cap: a finished cell's SAE weights leave the cell runner (to the sink: IndexedDB on the page)
 * and only its report stays, so neither tensors nor weight arrays pile up across cells.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentReport } from '../../../src/core/report.ts';
import { InMemoryCellRunner } from '../../../src/core/sweep/cell.ts';
import { batchCells } from '../../../src/core/sweep/batch.ts';
import { MAX_CELL_WEIGHTS_IN_WORKER } from '../../../src/core/sweep/cellWeights.ts';
import { expandSweep } from '../../../src/core/sweep/expand.ts';
import { validateSweep } from '../../../src/core/sweep/spec.ts';
import type { TrainerCheckpoint } from '../../../src/core/train/checkpoint.ts';
import { useBackend } from '../../helpers/backend.ts';

const cells = expandSweep(validateSweep(JSON.parse(readFileSync('tests/cli/fixtures/micro-sweep.json', 'utf8'))));
/** The same micro sweep over k × lr: its lr cells train as one batch. */
const batched = expandSweep(validateSweep(JSON.parse(readFileSync('tests/cli/fixtures/micro-sweep-batched.json', 'utf8'))));

/** Bytes of typed arrays reachable from `root` (weights kept in plain objects, maps or arrays). */
function typedBytes(root: unknown, seen = new Set<unknown>()): number {
  if (root === null || typeof root !== 'object' || seen.has(root)) return 0;
  seen.add(root);
  if (ArrayBuffer.isView(root)) return root.byteLength;
  const children = root instanceof Map ? [...root.values()] : Object.values(root as object);
  return children.reduce((sum: number, c) => sum + typedBytes(c, seen), 0);
}

beforeAll(() => useBackend('cpu'));

describe('sweep cells and their SAE weights', () => {
  it('hand every cell\'s weights to the sink and keep none: tensors and arrays stay flat across cells', async () => {
    const runner = new InMemoryCellRunner('cpu', { runtime: 'test', backend: 'cpu' });
    const written: { id: string; held: number; state: TrainerCheckpoint }[] = [];
    const reports: ExperimentReport[] = [];
    const after: { tensors: number; bytes: number; kept: number }[] = [];
    for (const cell of cells) {
      reports.push(await runner.run(cell, undefined, async (c, state) => void written.push({ id: c.id, held: runner.heldWeights, state })));
      expect(runner.heldWeights).toBe(0);
      // What the runner keeps besides its shared transformer (that one is reused by the next cell).
      const { shared: _shared, ...kept } = runner as unknown as Record<string, unknown>;
      after.push({ tensors: tf.memory().numTensors, bytes: tf.memory().numBytes, kept: typedBytes(kept) });
    }
    runner.dispose();

    expect(written.map((w) => w.id)).toEqual(cells.map((c) => c.id));
    expect(Math.max(...written.map((w) => w.held))).toBeLessThanOrEqual(MAX_CELL_WEIGHTS_IN_WORKER);
    for (const [i, { state }] of written.entries()) {
      const { dIn, dSae } = reports[i].saes![0];
      expect(state.tensors['seed1.W_enc'].shape).toEqual([dIn, dSae]);
      expect(state.tensors['seed1.W_enc'].data).toHaveLength(dIn * dSae);
    }
    // Every cell ends where the first ended: no cell leaves tensors or weight arrays behind.
    for (const a of after) expect(a).toEqual(after[0]);
    expect(after[0].kept).toBe(0);
    // The report (what the page keeps per cell) holds no weights.
    for (const r of reports) expect(typedBytes(r)).toBe(0);
  });

  it('hand a batch\'s weights to the sink one cell at a time, each its own cell\'s SAEs', async () => {
    const batches = batchCells(batched);
    const batch = batches.find((b) => b.length >= 2)!;
    expect(batch).toBeDefined(); // its lr cells share a batch
    const runner = new InMemoryCellRunner('cpu', { runtime: 'test', backend: 'cpu' });
    const written: { id: string; held: number; state: TrainerCheckpoint }[] = [];
    const reports = await runner.runGroup(batch, undefined, async (c, state) => void written.push({ id: c.id, held: runner.heldWeights, state }));
    runner.dispose();
    expect(written.map((w) => w.id)).toEqual(batch.map((c) => c.id));
    expect(Math.max(...written.map((w) => w.held))).toBeLessThanOrEqual(MAX_CELL_WEIGHTS_IN_WORKER);
    expect(runner.heldWeights).toBe(0);
    // Cells differ only in lr: the same initial weights, different trained ones, each with its cell's FVU.
    expect(written[0].state.tensors['seed0.W_enc'].data).not.toEqual(written[1].state.tensors['seed0.W_enc'].data);
    for (const r of reports) expect(typedBytes(r)).toBe(0);
  });
});
