import { describe, expect, it } from 'vitest';
import type { ExperimentReport } from '../../../src/core/report.ts';
import { presetSpec } from '../../../src/core/spec/experiment.ts';
import { type RunGroup, batchCells, batchMates, cellBatchKey, groupedRunCell } from '../../../src/core/sweep/batch.ts';
import { type SweepCell, expandSweep } from '../../../src/core/sweep/expand.ts';
import { CancelToken, SweepRunner } from '../../../src/core/sweep/runner.ts';
import { validateSweep } from '../../../src/core/sweep/spec.ts';

const sweep = (axes: unknown, seeds = [1, 2]) => expandSweep(validateSweep({ sweepVersion: 1, base: presetSpec('tiny'), seeds, axes }));
const ids = (batches: SweepCell[][]) => batches.map((b) => b.map((c) => c.id));
const fakeReport = (cell: SweepCell) => ({ spec: cell.spec, transformer: { wallSeconds: 0 }, saes: [{ fvu: 0.1, l0: 1, deadFraction: 0, wallSeconds: 1 }], fourier: {} }) as unknown as ExperimentReport;

describe('sweep cells in batches', () => {
  it('batches cells that differ only in lr or k (TopK), in sweep order; expansion, epochs or the transformer split them', () => {
    const cells = sweep([{ field: 'saes.expansion', values: [2, 4] }, { field: 'saes.lr', values: [0.001, 0.003] }]);
    expect(ids(batchCells(cells))).toEqual([['expansion-2_lr-0.001', 'expansion-2_lr-0.003'], ['expansion-4_lr-0.001', 'expansion-4_lr-0.003']]);
    expect(ids(batchCells(sweep([{ field: 'saes.k', values: [2, 4] }, { field: 'saes.lr', values: [0.001, 0.003] }])))).toEqual([
      ['k-2_lr-0.001', 'k-2_lr-0.003', 'k-4_lr-0.001', 'k-4_lr-0.003'],
    ]);
    expect(batchCells(sweep([{ field: 'saes.expansion', values: [2, 4] }])).length).toBe(2);
    const mates = batchMates(batchCells(cells));
    expect(mates.get('expansion-2_lr-0.001')).toEqual(['expansion-2_lr-0.003']);
    expect(mates.get('expansion-4_lr-0.003')).toEqual(['expansion-4_lr-0.001']);
    expect(batchCells(sweep([{ field: 'transformer.seed', values: [1, 2] }])).length).toBe(2);
    expect(batchCells(sweep([{ field: 'saes.epochs', values: [1, 2] }])).length).toBe(2);
  });

  it('ReLU cells that differ in λ batch; a batch holds at most maxUnits SAEs; a cell with extra fields runs alone', () => {
    const relu = expandSweep(validateSweep({
      sweepVersion: 1, base: { ...presetSpec('tiny'), saes: { ...presetSpec('tiny').saes!, architecture: 'relu' } },
      seeds: [1, 2], axes: [{ field: 'saes.l1', values: [0.5, 1, 2] }],
    }));
    expect(batchCells(relu).length).toBe(1);
    expect(batchCells(relu, 4).map((b) => b.length)).toEqual([2, 1]);
    const withStabiliser = { ...relu[0], spec: { ...relu[0].spec, stabilise: { method: 'x' } } } as unknown as SweepCell;
    expect(cellBatchKey(withStabiliser)).toBeNull();
    expect(batchCells([withStabiliser, relu[1]]).length).toBe(2);
  });

  it('groupedRunCell: the runner\'s first cell of a batch trains the batch, its mates finish from it; finished cells are left out', async () => {
    const cells = sweep([{ field: 'saes.lr', values: [0.001, 0.002, 0.003] }, { field: 'saes.expansion', values: [2, 4] }]);
    const calls: string[][] = [];
    const runGroup: RunGroup = async (batch) => {
      calls.push(batch.map((c) => c.id));
      return batch.map(fakeReport);
    };
    const done = new Set(['expansion-4_lr-0.002']);
    const runner = new SweepRunner(cells.filter((c) => !done.has(c.id)), groupedRunCell(cells, runGroup, (id) => done.has(id)));
    const final = await runner.start();
    expect(final.state).toBe('done');
    expect(final.done).toBe(5);
    expect(calls).toEqual([['expansion-2_lr-0.001', 'expansion-2_lr-0.002', 'expansion-2_lr-0.003'], ['expansion-4_lr-0.001', 'expansion-4_lr-0.003']]);
    for (const c of cells.filter((c) => !done.has(c.id))) expect(runner.reportOf(c.id)!.spec).toBe(c.spec);
  });

  it('a stopped batch keeps nothing: the next request trains it again', async () => {
    const cells = sweep([{ field: 'saes.lr', values: [0.001, 0.003] }]);
    let calls = 0;
    const runGroup: RunGroup = (batch, cancel) => {
      calls++;
      return calls === 1 ? new Promise((_, reject) => cancel.onCancel(() => reject(new Error('stopped')))) : Promise.resolve(batch.map(fakeReport));
    };
    const runCell = groupedRunCell(cells, runGroup);
    const token = new CancelToken();
    const first = runCell(cells[0], token);
    token.cancel();
    await expect(first).rejects.toThrow('stopped');
    expect((await runCell(cells[1], new CancelToken())).spec).toBe(cells[1].spec);
    expect(calls).toBe(2);
  });
});
