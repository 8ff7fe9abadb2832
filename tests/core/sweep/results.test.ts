import { describe, expect, it } from 'vitest';
import type { ExperimentReport } from '../../../src/core/report.ts';
import { presetSpec } from '../../../src/core/spec/experiment.ts';
import { expandSweep } from '../../../src/core/sweep/expand.ts';
import { mergeRows, reportMatchesCell, rowOf, type SweepRow } from '../../../src/core/sweep/results.ts';
import { validateSweep } from '../../../src/core/sweep/spec.ts';
import { csvField, resultsCsv, resultsJson } from '../../../src/core/sweep/table.ts';

const ms = (mean: number, std = 0.01) => ({ mean, std });
const level = (max: number, one: number, shared: number) => ({ pwmccMax: ms(max), pwmccOneToOne: ms(one), sharedFraction: ms(shared) });

/** A report with the parts rowOf reads: two seeds, four nulls of which covariance is the strongest for max-cosine. */
function report(seeds: [number, number][], extra: Partial<ExperimentReport> = {}): ExperimentReport {
  return {
    transformer: { wallSeconds: 0 },
    saes: seeds.map(([fvu, l0], i) => ({ seed: i, fvu, l0, deadFraction: 0.25 * i, wallSeconds: 3 })),
    stability: {
      pwmccMax: { ...ms(0.6, 0.02), matrix: [] }, pwmccOneToOne: { ...ms(0.5), matrix: [] }, sharedFraction: { ...ms(0.1), matrix: [] },
      nulls: { isotropic: level(0.48, 0.45, 0), subspace: level(0.7, 0.4, 0.2), covariance: level(0.9, 0.85, 0.05), rotation: level(0.55, 0.52, 0) },
      verdict: { kind: 'below' }, elapsedMs: 2000,
    },
    fourier: { saes: [{ share: 0.5 }, { share: 0.25 }] },
    stableFourier: { trained: { pooled: { stableFourier: 3, stableOther: 1, unstableFourier: 4, unstableOther: 2 } } },
    ...extra,
  } as unknown as ExperimentReport;
}

const sweep = validateSweep({ sweepVersion: 1, name: 'r', base: presetSpec('tiny'), axes: [{ field: 'saes.k', values: [4, 8] }, { field: 'saes.position', values: ['=', 'all'] }] });
const cells = expandSweep(sweep);

describe('results rows', () => {
  it('aggregates the seeds and puts each stability form beside its own strongest null', () => {
    const row = rowOf(cells[0], report([[0.1, 8], [0.3, 6]]));
    expect(row.id).toBe('k-4_position-x3d'); // canonical order: SAE fields by name (k before position)
    expect(row.setting).toEqual({ 'saes.k': 4, 'saes.position': '=' });
    expect(row.seeds).toBe(2);
    expect(row.fvu.mean).toBeCloseTo(0.2);
    expect(row.fvu.std).toBeCloseTo(0.1);
    expect(row.l0).toEqual({ mean: 7, std: 1 });
    expect(row.deadFraction.mean).toBeCloseTo(0.125);
    expect(row.pwmccMax).toMatchObject({ mean: 0.6, std: 0.02, null: 'covariance', nullMean: 0.9 });
    expect(row.pwmccMax.excess).toBeCloseTo(-0.3);
    expect(row.pwmccOneToOne).toMatchObject({ null: 'covariance', nullMean: 0.85 });
    expect(row.sharedFraction).toMatchObject({ null: 'subspace', nullMean: 0.2 });
    expect(row.sharedFraction.excess).toBeCloseTo(-0.1);
    expect(row.verdict).toBe('below');
    expect(row.fourierShare.mean).toBeCloseTo(0.375);
    expect(row.stableFourier).toBe(3);
    expect(row.stableFourierShare).toBeCloseTo(0.3);
    expect(row.wallSeconds).toBeCloseTo(5); // 3 s of SAE training (all seeds together) + 2 s of analysis
  });

  it('leaves stability null for a one-seed cell instead of NaN, so JSON keeps it', () => {
    const row = rowOf(cells[1], report([[0.1, 8]], { stability: undefined, stableFourier: undefined }));
    expect(row.pwmccMax).toEqual({ mean: null, std: null, null: null, nullMean: null, excess: null });
    expect(row.stableFourier).toBeNull();
    expect(JSON.parse(JSON.stringify(row))).toEqual(row);
  });

  it('knows a report of its own cell from one of another spec', () => {
    expect(reportMatchesCell(cells[0], { spec: JSON.parse(JSON.stringify(cells[0].spec)) } as ExperimentReport)).toBe(true);
    expect(reportMatchesCell(cells[0], { spec: cells[1].spec } as ExperimentReport)).toBe(false);
    // The same cell finished by a sweep of another name counts; a name alone does not make another experiment.
    expect(reportMatchesCell(cells[0], { spec: { ...cells[0].spec, name: 'another sweep / a cell' } } as ExperimentReport)).toBe(true);
    expect(reportMatchesCell(cells[0], { spec: { ...cells[1].spec, name: cells[0].spec.name } } as ExperimentReport)).toBe(false);
  });
});

describe('merging and writing the table', () => {
  const rows = cells.map((c, i) => rowOf(c, report([[0.1 * (i + 1), 8], [0.2, 6]])));

  it('merges shards into the sweep order, whatever order they come in, and lists what is missing', () => {
    const merged = mergeRows(cells, [[rows[3], rows[1]], [rows[0]]]);
    expect(merged.rows.map((r) => r.id)).toEqual([cells[0].id, cells[1].id, cells[3].id]);
    expect(merged.missing).toEqual([cells[2].id]);
    expect(mergeRows(cells, [[rows[0], rows[2]], [rows[1], rows[3]]]).rows).toEqual(rows);
  });

  it('refuses a row of another sweep and two different results for one cell', () => {
    expect(() => mergeRows(cells, [[{ ...rows[0], id: 'k-99' }]])).toThrow(/k-99 is not a cell of this sweep/);
    expect(() => mergeRows(cells, [[rows[0]], [{ ...rows[0], seeds: 5 }]])).toThrow(/two different results/);
    expect(mergeRows(cells, [[rows[0]], [structuredClone(rows[0])]]).rows).toHaveLength(1); // the same row twice is fine
  });

  it('writes CSV with a column per setting field and RFC 4180 quoting, and JSON as {rows}', () => {
    const csv = resultsCsv(rows).trimEnd().split('\n');
    expect(csv).toHaveLength(5);
    const header = csv[0].split(',');
    expect(header.slice(0, 4)).toEqual(['id', 'saes.k', 'saes.position', 'seeds']);
    for (const h of ['pwmcc_max_null', 'pwmcc_one_to_one_excess', 'shared_fraction_null_mean', 'fourier_share_mean', 'stable_fourier', 'wall_seconds']) expect(header).toContain(h);
    const first = csv[1].split(',');
    expect(first[header.indexOf('saes.position')]).toBe('=');
    expect(first[header.indexOf('pwmcc_max_null')]).toBe('covariance');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField(null)).toBe('');
    expect(csvField(NaN)).toBe('');
    const json = JSON.parse(resultsJson('r', rows, ['x']));
    expect(json.rows as SweepRow[]).toEqual(rows);
    expect(json.missing).toEqual(['x']);
  });
});
