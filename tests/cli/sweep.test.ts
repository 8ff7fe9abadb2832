import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../cli/args.ts';
import { parseSweepArgs } from '../../cli/sweepArgs.ts';
import type { SweepRow } from '../../src/core/sweep/results.ts';

const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
const SPEC = 'tests/cli/fixtures/micro-sweep.json';
const CELLS = ['expansion-1_k-2', 'expansion-2_k-2', 'expansion-1_k-4', 'expansion-2_k-4']; // in the sweep's order (k is the first axis)
const sweep = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(tsx, ['cli/sweep.ts', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
const rowsOf = (dir: string): SweepRow[] => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).rows;
/** Everything but the wall time, which differs from run to run. */
const comparable = (rows: SweepRow[]) => rows.map(({ wallSeconds: _w, ...rest }) => rest);
const reportOf = (dir: string, id: string) => join(dir, 'cells', id, 'report.json');

/** Resolves when `done()` holds, checking every 50 ms; rejects if the process exits first. */
function waitFor(child: ChildProcess, done: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (done()) { clearInterval(timer); resolve(); }
    }, 50);
    child.once('exit', (code) => { clearInterval(timer); if (!done()) reject(new Error(`sweep exited (${code}) before the state was reached`)); });
  });
}

describe('npm run sweep arguments', () => {
  it('takes the shard from --shard, a Slurm job array or a Kubernetes Indexed Job', () => {
    const run = (argv: string[], env = {}) => {
      const o = parseSweepArgs(argv, env);
      if (o === 'help' || o.kind !== 'run') throw new Error('expected a run');
      return o;
    };
    expect(run(['--spec', SPEC, '--out', 'x']).shard).toBeNull();
    expect(run(['--spec', SPEC, '--out', 'x', '--shard', '1/3']).shard).toEqual({ index: 1, count: 3 });
    expect(run(['--spec', SPEC, '--out', 'x'], { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '4' })).toMatchObject({ shard: { index: 2, count: 4 }, shardSource: 'Slurm job array' });
    expect(run(['--spec', SPEC, '--out', 'x'], { JOB_COMPLETION_INDEX: '1', JOB_COMPLETIONS: '2' })).toMatchObject({ shard: { index: 1, count: 2 }, shardSource: 'Kubernetes Indexed Job' });
    expect(parseSweepArgs(['--spec', SPEC, '--plan'], {})).toMatchObject({ kind: 'plan' });
    // The flag wins over the environment.
    expect(run(['--spec', SPEC, '--out', 'x', '--shard', '0/1'], { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '4' }).shard).toEqual({ index: 0, count: 1 });
  });

  const bad: [string[], Record<string, string>, RegExp][] = [
    [['--out', 'x'], {}, /--spec SWEEP.json is required/],
    [['--spec', SPEC], {}, /--out DIR is required/],
    [['--spec', SPEC, '--out', 'x', '--shard', '4/4'], {}, /shard index must be an integer from 0 to 3/],
    [['--spec', SPEC, '--out', 'x'], { JOB_COMPLETION_INDEX: '0' }, /JOB_COMPLETIONS/],
    [['--merge', 'x', '--shard', '0/2'], {}, /--shard does not apply/],
    [['--spec', '/no/such.json', '--out', 'x'], {}, /cannot read sweep spec/],
  ];
  for (const [argv, env, message] of bad) {
    it(`rejects ${argv.join(' ')} ${JSON.stringify(env)}`, () => {
      expect(() => parseSweepArgs(argv, env)).toThrow(CliError);
      expect(() => parseSweepArgs(argv, env)).toThrow(message);
    });
  }

  it('refuses a sweep over its budget before writing anything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-sweep-budget-'));
    const spec = { ...JSON.parse(readFileSync(SPEC, 'utf8')), budget: { maxCells: 3 } };
    writeFileSync(join(dir, 'sweep.json.in'), JSON.stringify(spec));
    const r = sweep(['--spec', join(dir, 'sweep.json.in'), '--out', join(dir, 'out')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/4 cells, over its budget of 3/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('npm run sweep', () => {
  const whole = mkdtempSync(join(tmpdir(), 'lab-sweep-whole-'));
  const sharded = mkdtempSync(join(tmpdir(), 'lab-sweep-shards-'));
  afterAll(() => { for (const dir of [whole, sharded]) rmSync(dir, { recursive: true, force: true }); });

  it('resumes after a killed cell: finished cells are skipped, the killed one is redone', async () => {
    // Its own process group: tsx runs the script in a child process, and the kill must reach it as a real kill would.
    const child = spawn(tsx, ['cli/sweep.ts', '--spec', SPEC, '--out', whole, '--quiet'], { stdio: 'ignore', detached: true });
    // Killed while the second batch (expansion 2, both k) runs: the first batch's reports exist, the second's folders do.
    await waitFor(child, () => existsSync(join(whole, 'cells', CELLS[1])));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    expect(existsSync(reportOf(whole, CELLS[0]))).toBe(true);
    expect(existsSync(reportOf(whole, CELLS[2]))).toBe(true);
    expect(existsSync(reportOf(whole, CELLS[1]))).toBe(false); // its folder exists, its report not (a killed cell)
    const firstWritten = statSync(reportOf(whole, CELLS[0])).mtimeMs;

    const r = sweep(['--spec', SPEC, '--out', whole, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ran 2 cells, skipped 2 finished/);
    expect(statSync(reportOf(whole, CELLS[0])).mtimeMs).toBe(firstWritten);
    const rows = rowsOf(whole);
    expect(rows.map((row) => row.id)).toEqual(CELLS);
    expect(rows.every((row) => row.seeds === 2 && row.pwmccMax.null !== null && row.fvu.mean !== null)).toBe(true);
    expect(readFileSync(join(whole, 'results.csv'), 'utf8').split('\n')[0]).toMatch(/^id,saes.expansion,saes.k,seeds,fvu_mean/);

    const again = sweep(['--spec', SPEC, '--out', whole, '--quiet']);
    expect(again.stdout).toMatch(/ran 0 cells, skipped 4 finished/);
  });

  it('merged shards (from --shard and from a Slurm array environment) equal the unsharded table', () => {
    const first = sweep(['--spec', SPEC, '--out', sharded, '--quiet', '--shard', '0/2']);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/ran 2 cells.*\n.*shard 0\/2 done; .*--merge/);
    expect(existsSync(join(sharded, 'results.json'))).toBe(false); // shards never write the table

    const early = sweep(['--merge', sharded]);
    expect(early.status).toBe(3);
    expect(early.stdout).toMatch(new RegExp(`unfinished: ${CELLS[1]}, ${CELLS[3]}`));

    const second = sweep(['--spec', SPEC, '--out', sharded, '--quiet'], { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2' });
    expect(second.status, second.stderr).toBe(0);
    const merged = sweep(['--merge', sharded]);
    expect(merged.status, merged.stderr).toBe(0);
    expect(comparable(rowsOf(sharded))).toEqual(comparable(rowsOf(whole)));
  });

  it('--transformer: every cell loads the given model, with the same table as when the sweep trained it', () => {
    const trained = readdirSync(join(whole, 'transformers'));
    expect(trained).toHaveLength(1);
    const loaded = mkdtempSync(join(tmpdir(), 'lab-sweep-loaded-'));
    const r = sweep(['--spec', SPEC, '--out', loaded, '--quiet', '--transformer', join(whole, 'transformers', trained[0], 'transformer')]);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(loaded, 'transformers'))).toBe(false); // nothing trained
    expect(comparable(rowsOf(loaded))).toEqual(comparable(rowsOf(whole)));

    const varied = { ...JSON.parse(readFileSync(SPEC, 'utf8')), axes: [{ field: 'transformer.weightDecay', values: [0.5, 1] }] };
    const file = join(loaded, 'varied.json');
    writeFileSync(file, JSON.stringify(varied));
    const refused = sweep(['--spec', file, '--out', join(loaded, 'varied'), '--transformer', join(whole, 'transformers', trained[0], 'transformer')]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/varies transformer fields/);
    expect(existsSync(join(loaded, 'varied'))).toBe(false);
    rmSync(loaded, { recursive: true, force: true });
  });

  it('refuses to run another sweep into a folder that holds one', () => {
    const other = { ...JSON.parse(readFileSync(SPEC, 'utf8')), seeds: [7, 8] };
    const file = join(tmpdir(), `lab-sweep-other-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(other));
    const dir = mkdtempSync(join(tmpdir(), 'lab-sweep-held-'));
    writeFileSync(join(dir, 'sweep.json'), readFileSync(SPEC, 'utf8')); // the folder holds the micro sweep
    const r = sweep(['--spec', file, '--out', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/holds another sweep/);
    rmSync(dir, { recursive: true, force: true });
    rmSync(file, { force: true });
  });
});
