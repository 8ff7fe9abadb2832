import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ComparisonResult, runComparison, validateStabiliseBlock } from '../../../src/core/stabilise/comparison.ts';
import { MergeError, mergeComparisons } from '../../../src/core/stabilise/merge.ts';
import type { StabiliseRecord } from '../../../src/core/stabilise/record.ts';
import { useBackend } from '../../helpers/backend.ts';
import { plantedData, smallSpec } from '../sae/synthetic.ts';

/** Methods split over two runs and merged give the table one run of all of them gives. */
describe('merging comparison runs', () => {
  beforeAll(async () => useBackend('cpu'));
  const acts = plantedData({ d: 8, m: 12, rows: 192, active: 2, seed: 7, offset: 0.5 });
  const sae = smallSpec({ seeds: [1, 2, 3], epochs: 2, batchSize: 64, expansion: 2, k: 3, evalEvery: 3 });
  const spec = { version: 1, name: 'merge test', transformer: { p: 8 }, saes: sae } as unknown as StabiliseRecord['spec'];
  const record = (r: ComparisonResult, methods: string[]): StabiliseRecord => ({
    ...r, spec: { ...spec, stabilise: validateStabiliseBlock({ methods: methods.map((method) => ({ method })) }, sae.seeds) }, backend: 'cpu', keyFrequencies: [],
  });
  const compare = async (methods: string[]) =>
    record(await runComparison({ sae, acts, block: validateStabiliseBlock({ methods: methods.map((method) => ({ method })) }, sae.seeds) }), methods);

  it('equals one run of every method, and refuses runs that disagree on a shared arm or the experiment', async () => {
    const [a, b, both] = [await compare(['twoStage']), await compare(['tiedInit']), await compare(['twoStage', 'tiedInit'])];
    const merged = mergeComparisons([a, b]);
    // Stringified: a whole-table comparison, including every verdict, gain and the answer sentence.
    expect(JSON.stringify(merged.rows)).toBe(JSON.stringify(both.rows));
    expect(merged.answer).toBe(both.answer);
    expect(merged.arms.map((x) => x.label)).toEqual(both.arms.map((x) => x.label));
    expect(merged.spec.stabilise.methods.map((m) => m.method)).toEqual(['twoStage', 'tiedInit']);

    const tampered = structuredClone(b);
    tampered.rows[0].pwmccMax.mean += 0.01; // the plain baseline, which both runs trained
    expect(() => mergeComparisons([a, tampered])).toThrow(MergeError);
    expect(() => mergeComparisons([a, { ...b, spec: { ...b.spec, saes: { ...sae, seeds: [1, 2, 4] } } }])).toThrow(/different experiments/);
    expect(() => mergeComparisons([a])).toThrow(/at least two/);

    // The CLI: directories or files in, stabilise.json and .md out; a refusal is an error message, exit code 2.
    const dir = mkdtempSync(join(tmpdir(), 'merge-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(a));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(b));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(tampered));
    const tsx = join('node_modules', '.bin', 'tsx');
    const ok = spawnSync(tsx, ['cli/stabilise.ts', '--merge', `${dir}/a.json,${dir}/b.json`, '--out', join(dir, 'out')], { encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'stabilise.json'), 'utf8')).answer).toBe(both.answer);
    expect(readFileSync(join(dir, 'out', 'stabilise.md'), 'utf8')).toContain('tiedInit');
    const bad = spawnSync(tsx, ['cli/stabilise.ts', '--merge', `${dir}/a.json,${dir}/bad.json`, '--out', join(dir, 'out2')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('differs between the files');
    rmSync(dir, { recursive: true });
  }, 120_000);
});
