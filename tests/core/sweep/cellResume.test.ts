/**
 * A sweep's running batch resumes from its checkpoint after a reload (issue 13): a batch stopped after a checkpoint
 * and run again from it by a fresh runner (a new worker: the transformer is trained again from its seed) ends with the
 * same SAE weights and report numbers as a batch never stopped; a checkpoint that does not fit starts afresh.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentReport } from '../../../src/core/report.ts';
import { batchCells } from '../../../src/core/sweep/batch.ts';
import { CellCancelled, InMemoryCellRunner } from '../../../src/core/sweep/cell.ts';
import type { CellResume } from '../../../src/core/sweep/cellResume.ts';
import { expandSweep } from '../../../src/core/sweep/expand.ts';
import { CancelToken } from '../../../src/core/sweep/runner.ts';
import { validateSweep } from '../../../src/core/sweep/spec.ts';
import type { TrainerCheckpoint } from '../../../src/core/train/checkpoint.ts';
import { useBackend } from '../../helpers/backend.ts';

const cells = expandSweep(validateSweep(JSON.parse(readFileSync('tests/cli/fixtures/micro-sweep-batched.json', 'utf8'))));
const batch = batchCells(cells).find((b) => b.length >= 2)!;
const environment = { runtime: 'test', backend: 'cpu' };

/** Runs the batch in a fresh runner; returns each cell's trained weights and report numbers. */
async function runBatch(cancel?: CancelToken, resume?: CellResume): Promise<{ weights: Float32Array[]; reports: ExperimentReport[] }> {
  const runner = new InMemoryCellRunner('cpu', environment);
  const weights: Float32Array[] = [];
  try {
    const reports = await runner.runGroup(batch, cancel, async (_c, state) => void weights.push(state.tensors['seed1.W_dec'].data), resume);
    return { weights, reports };
  } finally {
    runner.dispose();
  }
}

const numbers = (r: ExperimentReport) => ({ saes: r.saes!.map(({ fvu, l0, deadFraction, steps }) => ({ fvu, l0, deadFraction, steps })), stability: r.stability?.pwmccMax });

beforeAll(() => useBackend('cpu'));

describe('a sweep batch interrupted and resumed', () => {
  it('ends bit for bit where an uninterrupted batch ends', async () => {
    expect(batch.length).toBeGreaterThanOrEqual(2);
    const whole = await runBatch();

    // First life: a checkpoint at the first evaluation after a step (none is asked for at step 0), then the tab goes
    // away (the batch is stopped).
    let saved: TrainerCheckpoint | null = null;
    const cancel = new CancelToken();
    let evaluations = 0;
    const first: CellResume = {
      from: null,
      due: () => ++evaluations === 1,
      save: async (state) => {
        saved = state;
        cancel.cancel();
      },
    };
    await expect(runBatch(cancel, first)).rejects.toBeInstanceOf(CellCancelled);
    expect(saved).not.toBeNull();
    const at = saved!.step;
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(whole.reports[0].saes![0].steps);

    // Second life: a fresh runner continues from the checkpoint.
    const starts: (number | null)[] = [];
    const resumed = await runBatch(undefined, { from: saved, due: () => false, save: async () => undefined, onStart: (s) => starts.push(s) });
    expect(starts).toEqual([at]);
    expect(resumed.weights).toEqual(whole.weights);
    expect(resumed.reports.map(numbers)).toEqual(whole.reports.map(numbers));
  });

  it('starts afresh when the checkpoint is of other activations', async () => {
    let saved: TrainerCheckpoint | null = null;
    const cancel = new CancelToken();
    await expect(runBatch(cancel, { from: null, due: () => true, save: async (s) => void ((saved = s), cancel.cancel()) })).rejects.toBeInstanceOf(CellCancelled);
    const scale = saved!.counters.scale;
    const foreign = { ...saved!, counters: { ...saved!.counters, scale: [scale[0] * 2] } };
    const starts: (number | null)[] = [];
    const fresh = await runBatch(undefined, { from: foreign, due: () => false, save: async () => undefined, onStart: (s) => starts.push(s) });
    expect(starts).toEqual([null]);
    expect(fresh.weights).toEqual((await runBatch()).weights);
  });
});
