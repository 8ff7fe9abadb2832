import { describe, expect, it } from 'vitest';
import type { SweepRow } from '../../src/core/sweep/results.ts';
import { ROWS_VERSION } from '../../src/core/sweep/results.ts';
import type { ResultsJson } from '../../src/core/sweep/table.ts';
import { buildReport } from '../../src/report/index.ts';
import { isSweepResults, sweepTable } from '../../src/report/sweepTable.ts';

const spread = (mean: number | null, std: number | null = 0.01) => ({ mean, std });
function row(id: string, lr: number, pwmcc: number | null, nullMean: number): SweepRow {
  const against = { ...spread(pwmcc), null: pwmcc === null ? null : ('rotation' as const), nullMean: pwmcc === null ? null : nullMean, excess: pwmcc === null ? null : pwmcc - nullMean };
  return {
    id, setting: { 'saes.lr': lr } as SweepRow['setting'], seeds: pwmcc === null ? 1 : 3,
    fvu: spread(0.1), l0: spread(32, 0.5), deadFraction: spread(0.02),
    pwmccMax: against, pwmccOneToOne: against, sharedFraction: against,
    verdict: pwmcc === null ? null : pwmcc > nullMean ? 'beats' : 'below',
    fourierShare: spread(0.2), stableFourier: 3, stableFourierShare: 0.05, wallSeconds: 12,
  } as SweepRow;
}

describe('a sweep results.json as the report’s question 2', () => {
  const results: ResultsJson = { rowsVersion: ROWS_VERSION, name: 'lr', missing: [], rows: [row('a', 1e-4, 0.30, 0.36), row('b', 1e-3, 0.41, 0.36), row('c', 5e-4, null, 0)] };

  it('is recognised, sorted by excess over the strongest null, and names the best setting', () => {
    expect(isSweepResults(results)).toBe(true);
    expect(isSweepResults({ head: [], rows: [], command: 'x' })).toBe(false);
    const t = sweepTable(results, 'npm run sweep -- --merge runs/lr');
    expect(t.head[0]).toBe('saes.lr');
    expect(t.rows.map((r) => r[0])).toEqual(['0.001', '0.0001', '0.0005']);
    expect(t.rows[0][4]).toBe('0.050'); // 0.41 − 0.36
    expect(t.rows[0][3]).toBe('rotation 0.360');
    expect(t.answer).toContain('1 agree across seeds more than their strongest null');
    expect(t.answer).toContain('saes.lr = 0.001');
  });

  it('draws the grid of excess over the null when the sweep has two axes, and none with one', () => {
    const two = (id: string, lr: number, k: number, pwmcc: number): SweepRow => ({ ...row(id, lr, pwmcc, 0.36), setting: { 'saes.lr': lr, 'saes.k': k } as SweepRow['setting'] });
    const grid = sweepTable({ ...results, rows: [two('a', 1e-3, 8, 0.40), two('b', 1e-4, 8, 0.30), two('c', 1e-3, 16, 0.50), two('d', 1e-4, 16, 0.35)] }, 'x');
    const chart = grid.figure!.chart;
    if (chart.kind !== 'heatmap') throw new Error('expected a heatmap');
    expect(chart.title).toContain('by saes.lr (rows) and saes.k (columns)');
    expect(chart.rows).toEqual(['0.0001', '0.001']);
    expect(chart.cols).toEqual(['8', '16']);
    expect(chart.values.map((r) => r.map((v) => Number(v.toFixed(3))))).toEqual([[-0.06, -0.01], [0.04, 0.14]]);
    expect(sweepTable(results, 'x').figure).toBeUndefined(); // one axis: the table is enough
    const missing = sweepTable({ ...results, rows: [two('a', 1e-3, 8, 0.40), two('b', 1e-4, 16, 0.30)] }, 'x');
    expect(missing.figure).toBeUndefined(); // a pair of values without a cell: no half-empty grid
  });

  it('fills question 2 of the report instead of "not run"', () => {
    const doc = buildReport({ runs: [], sweep: sweepTable(results, 'npm run sweep -- --merge runs/lr'), appVersion: 'test', generatedBy: 'test' });
    const text = JSON.stringify(doc);
    expect(text).toContain('npm run sweep -- --merge runs/lr');
    expect(text).toContain('0.410 ± 0.010');
  });
});

describe('a stabiliser sweep in the report', () => {
  const method = (id: string, gain: number | null, credited: boolean | null): SweepRow => ({
    ...row(id, 1e-3, 0.45, 0.36),
    setting: { 'stabilise.method': id } as SweepRow['setting'],
    stabiliser: { arm: id, gainOverPlain: gain, gainOverSharedInit: gain === null ? null : gain - 0.05, gainOver: 'plain', margin: 0.02, credited, fvuPrice: 0.01 },
  });

  it('adds the gains, the credit and the FVU price, and says which methods earned their stability', () => {
    const t = sweepTable({ rowsVersion: ROWS_VERSION, name: 'methods', missing: [], rows: [method('tiedInit', 0.08, true), method('dataInit', -0.03, false)] }, 'x');
    const at = (id: string, col: string) => t.rows.find((r) => r[0] === id)![t.head.indexOf(col)];
    expect(t.head.slice(-4)).toEqual(['gain over plain', 'gain over plain · shared init', 'credited', 'FVU price']);
    expect(at('tiedInit', 'gain over plain')).toBe('+0.080');
    expect(at('dataInit', 'gain over plain')).toBe('−0.030');
    expect(at('tiedInit', 'gain over plain · shared init')).toBe('+0.030');
    expect(at('tiedInit', 'credited')).toBe('yes');
    expect(at('dataInit', 'credited')).toBe('no');
    expect(t.answer).toContain('1 of 2 stabiliser configuration(s)');
    expect(t.answer).toContain('tiedInit');
  });

  it('says so when no method is credited, and a plain sweep has no gain columns', () => {
    const t = sweepTable({ rowsVersion: ROWS_VERSION, name: 'methods', missing: [], rows: [method('dataInit', -0.03, false), method('consistency', null, null)] }, 'x');
    expect(t.answer).toContain('None of the 2 stabiliser configuration(s)');
    expect(t.rows.find((r) => r[0] === 'consistency')![t.head.indexOf('gain over plain')]).toBeNull();
    const plain = sweepTable({ rowsVersion: ROWS_VERSION, name: 'lr', missing: [], rows: [row('a', 1e-3, 0.4, 0.36)] }, 'x');
    expect(plain.head).not.toContain('gain over plain');
  });
});
