import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startNodeBackend } from '../../cli/nodeBackend.ts';
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
});
