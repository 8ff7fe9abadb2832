/**
 * `npm run sweep` over stabiliser cells (issue 14): each cell's report holds its comparison, the table's rows carry
 * the gains (plain rows leave those columns empty), and the page's in-memory path gives the same rows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startNodeBackend } from '../../cli/nodeBackend.ts';
import type { ExperimentReport } from '../../src/core/report.ts';
import { InMemoryCellRunner } from '../../src/core/sweep/cell.ts';
import { expandSweep } from '../../src/core/sweep/expand.ts';
import { type SweepRow, stabiliserColumnsOf } from '../../src/core/sweep/results.ts';
import { SweepRunner } from '../../src/core/sweep/runner.ts';
import { validateSweep } from '../../src/core/sweep/spec.ts';

const fixture = JSON.parse(readFileSync('tests/cli/fixtures/micro-stabilise-sweep.json', 'utf8'));
/** Two stabiliser cells and one plain cell (its base has no stabilise block). */
const SWEEP = { ...fixture, axes: undefined, mode: 'list', cells: [{ 'stabilise.method': 'consistency' }, { 'stabilise.method': 'dataInit' }, { 'saes.k': 2 }] };
const comparable = (rows: SweepRow[]) => rows.map(({ wallSeconds: _w, ...rest }) => rest);

describe('npm run sweep with stabiliser cells', () => {
  it('writes each cell\'s comparison and the gain columns; plain rows leave them empty; the page\'s path agrees', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-sweep-stabilise-'));
    const spec = join(out, 'spec.json');
    writeFileSync(spec, JSON.stringify(SWEEP));
    const dir = join(out, 'run');
    const cli = spawnSync(join(process.cwd(), 'node_modules/.bin/tsx'), ['cli/sweep.ts', '--spec', spec, '--out', dir, '--quiet'], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);

    const ids = ['s.method-consistency', 's.method-dataInit', 'k-2'];
    const rows: SweepRow[] = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).rows;
    expect(rows.map((r) => r.id)).toEqual(ids);
    for (const [i, id] of ids.slice(0, 2).entries()) {
      const report = JSON.parse(readFileSync(join(dir, 'cells', id, 'report.json'), 'utf8')) as ExperimentReport;
      expect(report.stabilise!.arm).toBe(['consistency', 'dataInit'][i]);
      expect(report.stabilise!.reused).toEqual(i === 0 ? [] : ['plain', 'plain · shared init']); // the plain arms trained once
      expect(rows[i].stabiliser).toEqual(stabiliserColumnsOf(report));
      expect(rows[i].stabiliser!.gainOverPlain).toEqual(expect.any(Number));
      expect(existsSync(join(dir, 'cells', id, 'saes'))).toBe(true); // the method arm's SAEs, as any cell's
    }
    expect(rows[2].stabiliser).toBeUndefined();

    const [head, ...lines] = readFileSync(join(dir, 'results.csv'), 'utf8').trim().split('\n');
    const columns = head.split(',');
    expect(columns.slice(-7)).toEqual(['stabiliser_arm', 'gain_over_plain', 'gain_over_shared_init', 'gain_over', 'gain_margin', 'gain_credited', 'fvu_price']);
    const cell = (line: string, name: string) => line.split(',')[columns.indexOf(name)];
    expect(Number(cell(lines[0], 'gain_over_plain'))).toBe(rows[0].stabiliser!.gainOverPlain);
    expect(cell(lines[0], 'gain_credited')).toBe(String(rows[0].stabiliser!.credited));
    expect(cell(lines[2], 'gain_over_plain')).toBe(''); // the plain cell

    // The page's worker runs the same cells in memory: the same rows.
    const { backend } = await startNodeBackend('wasm');
    const runner = new InMemoryCellRunner(backend, { runtime: 'test', backend });
    const progress = await new SweepRunner(expandSweep(validateSweep(SWEEP)), (c, cancel) => runner.run(c, cancel)).start();
    runner.dispose();
    expect(comparable(progress.table.rows)).toEqual(comparable(rows));
    rmSync(out, { recursive: true, force: true });
  }, 300_000);
});
