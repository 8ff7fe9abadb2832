import { describe, expect, it } from 'vitest';
import type { ExperimentReport } from '../../../src/core/report.ts';
import { presetSpec } from '../../../src/core/spec/experiment.ts';
import { type SweepCell, expandSweep } from '../../../src/core/sweep/expand.ts';
import { CancelToken, type SweepProgress, SweepRunner } from '../../../src/core/sweep/runner.ts';
import { validateSweep } from '../../../src/core/sweep/spec.ts';

const cells = expandSweep(validateSweep({ sweepVersion: 1, base: presetSpec('tiny'), axes: [{ field: 'saes.k', values: [2, 4, 6] }] }));
const reportFor = (cell: SweepCell) => ({
  spec: cell.spec, transformer: { wallSeconds: 0 }, saes: [{ fvu: cell.spec.saes!.k! / 10, l0: cell.spec.saes!.k!, deadFraction: 0, wallSeconds: 1 }], fourier: {},
}) as unknown as ExperimentReport;

/** A runCell whose cells finish when the test says so. */
function controlled() {
  const pending: { cell: SweepCell; signal: CancelToken; finish: () => void; fail: (e: Error) => void }[] = [];
  const started: string[] = [];
  const runCell = (cell: SweepCell, signal: CancelToken) => new Promise<ExperimentReport>((resolve, reject) => {
    started.push(cell.id);
    pending.push({ cell, signal, finish: () => resolve(reportFor(cell)), fail: reject });
    signal.onCancel(() => reject(new Error('aborted')));
  });
  return { runCell, pending, started };
}

/** Resolves once the runner reports a state that satisfies `done`. */
const until = (seen: SweepProgress[], done: (p: SweepProgress) => boolean) => new Promise<void>((resolve) => {
  const check = () => (seen.some(done) ? resolve() : setTimeout(check, 0));
  check();
});

describe('sweep runner', () => {
  it('runs every cell in order, fills the table as cells finish and gives an ETA after the first', async () => {
    const seen: SweepProgress[] = [];
    let clock = 0;
    const runner = new SweepRunner(cells, async (cell) => { clock += 10; return reportFor(cell); }, (p) => seen.push(p), () => clock);
    const final = await runner.start();
    expect(final.state).toBe('done');
    expect(final.table.rows.map((r) => r.id)).toEqual(cells.map((c) => c.id));
    expect(final.table.rows.map((r) => r.l0.mean)).toEqual([2, 4, 6]);
    const afterFirst = seen.find((p) => p.done === 1 && p.current === null)!;
    expect(afterFirst.etaSeconds).toBe(20);
    expect(afterFirst.table.rows).toHaveLength(1);
  });

  it('pauses after the running cell, resumes, and stops by aborting the running one while keeping finished cells', async () => {
    const seen: SweepProgress[] = [];
    const c = controlled();
    const runner = new SweepRunner(cells, c.runCell, (p) => seen.push(p));
    const run = runner.start();
    await until(seen, (p) => p.current === cells[0].id);
    runner.pause();
    c.pending[0].finish();
    await until(seen, (p) => p.state === 'paused' && p.done === 1);
    expect(c.started).toEqual([cells[0].id]); // paused: the next cell has not started
    runner.resume();
    await until(seen, (p) => p.current === cells[1].id);
    runner.stop();
    const stopped = await run;
    expect(stopped.state).toBe('stopped');
    expect(c.pending[1].signal.cancelled).toBe(true);
    expect(stopped.table.rows.map((r) => r.id)).toEqual([cells[0].id]);
    expect(stopped.table.missing).toEqual([cells[1].id, cells[2].id]);

    // Starting again runs only what is missing.
    const again = runner.start();
    await until(seen, (p) => p.current === cells[1].id && p.state === 'running' && c.started.length === 3);
    c.pending[2].finish();
    await until(seen, (p) => p.current === cells[2].id);
    c.pending[3].finish();
    expect((await again).state).toBe('done');
    expect(c.started).toEqual([cells[0].id, cells[1].id, cells[1].id, cells[2].id]);
  });

  it('skips cells whose reports it adopts (a reload), ignoring a report of another spec', async () => {
    const c = controlled();
    const runner = new SweepRunner(cells, c.runCell);
    runner.adopt(new Map([[cells[0].id, reportFor(cells[0])], [cells[1].id, reportFor(cells[2])]]));
    expect(runner.progress().done).toBe(1);
    const run = runner.start();
    await until([runner.progress()], () => c.pending.length === 1);
    expect(c.started).toEqual([cells[1].id]);
    c.pending[0].finish();
    await until([runner.progress()], () => c.pending.length === 2);
    c.pending[1].finish();
    expect((await run).done).toBe(3);
  });

  it('fails with the cell named when a cell throws, keeping what finished', async () => {
    const runner = new SweepRunner(cells, async (cell) => { if (cell.index === 1) throw new Error('out of memory'); return reportFor(cell); });
    const p = await runner.start();
    expect(p.state).toBe('failed');
    expect(p.error).toBe(`cell ${cells[1].id}: out of memory`);
    expect(p.table.rows).toHaveLength(1);
  });
});
