import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startNodeBackend } from '../../cli/nodeBackend.ts';
import { batchCells, groupedRunCell } from '../../src/core/sweep/batch.ts';
import { InMemoryCellRunner } from '../../src/core/sweep/cell.ts';
import { expandSweep } from '../../src/core/sweep/expand.ts';
import type { SweepRow } from '../../src/core/sweep/results.ts';
import { SweepRunner } from '../../src/core/sweep/runner.ts';
import { validateSweep } from '../../src/core/sweep/spec.ts';

const SPEC = 'tests/cli/fixtures/micro-sweep.json';
const comparable = (rows: SweepRow[]) => rows.map(({ wallSeconds: _w, ...rest }) => rest);

describe('the in-memory sweep (the page\'s path) and npm run sweep', () => {
  it('give the same table for the same spec', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-sweep-same-'));
    const cli = spawnSync(join(process.cwd(), 'node_modules/.bin/tsx'), ['cli/sweep.ts', '--spec', SPEC, '--out', out, '--quiet'], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    const cliRows: SweepRow[] = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).rows;

    const { backend } = await startNodeBackend('wasm');
    const cells = expandSweep(validateSweep(JSON.parse(readFileSync(SPEC, 'utf8'))));
    const cellRunner = new InMemoryCellRunner(backend, { runtime: 'test', backend });
    const trained: string[] = [];
    const progress = await new SweepRunner(cells, (cell, cancel) => {
      trained.push(cell.transformerKey);
      return cellRunner.run(cell, cancel);
    }).start();
    cellRunner.dispose();
    expect(progress.state).toBe('done');
    expect(new Set(trained).size).toBe(1);
    expect(comparable(progress.table.rows)).toEqual(comparable(cliRows));
    rmSync(out, { recursive: true, force: true });
  });

  it('cells trained as one batch give the table of cells trained one at a time, on the page\'s path and the CLI\'s', async () => {
    const spec = 'tests/cli/fixtures/micro-sweep-batched.json'; // k × lr: one batch of four cells (one group per k inside it)
    const out = mkdtempSync(join(tmpdir(), 'lab-sweep-batched-'));
    const cli = spawnSync(join(process.cwd(), 'node_modules/.bin/tsx'), ['cli/sweep.ts', '--spec', spec, '--out', out], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stderr).toMatch(/cells k-2_lr-0.001, k-2_lr-0.003, k-4_lr-0.001, k-4_lr-0.003, trained as one batch/);
    const cliRows: SweepRow[] = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).rows;

    const { backend } = await startNodeBackend('wasm');
    const cells = expandSweep(validateSweep(JSON.parse(readFileSync(spec, 'utf8'))));
    expect(batchCells(cells).map((b) => b.length)).toEqual([4]);
    const cellRunner = new InMemoryCellRunner(backend, { runtime: 'test', backend });
    const batches: number[] = [];
    const batched = await new SweepRunner(cells, groupedRunCell(cells, (group, cancel) => {
      batches.push(group.length);
      return cellRunner.runGroup(group, cancel);
    })).start();
    const alone = await new SweepRunner(cells, (cell, cancel) => cellRunner.run(cell, cancel)).start();
    cellRunner.dispose();
    expect(batches).toEqual([4]);
    expect(comparable(batched.table.rows)).toEqual(comparable(alone.table.rows));
    expect(comparable(cliRows)).toEqual(comparable(alone.table.rows));
    rmSync(out, { recursive: true, force: true });
  });
});
