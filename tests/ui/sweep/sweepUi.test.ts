import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../../src/core/spec/experiment.ts';
import type { SweepRow } from '../../../src/core/sweep/results.ts';
import { validateSweep } from '../../../src/core/sweep/spec.ts';
import { gridCells } from '../../../src/ui/sweep/gridCells.ts';
import { DEFAULT_VIEW, sortBy, togglePin, viewRows } from '../../../src/ui/sweep/resultsView.ts';
import { axisOptions, checkDraft, draftFrom, parseValues, sweepFileText } from '../../../src/ui/sweep/sweepDraft.ts';

const base = presetSpec('tiny');

describe('the sweep draft', () => {
  it('offers every SAE field but the seeds, and a few transformer fields', () => {
    const fields = axisOptions().map((o) => o.field);
    for (const f of ['saes.k', 'saes.lr', 'saes.expansion', 'saes.architecture', 'saes.position', 'saes.layer', 'saes.epochs', 'transformer.seed', 'transformer.weightDecay']) expect(fields).toContain(f);
    expect(fields).not.toContain('saes.seeds');
  });

  it('parses numbers and choices, and names the axis of a bad value', () => {
    expect(parseValues('saes.lr', '1e-4, 5e-4 ,0.001')).toEqual([1e-4, 5e-4, 1e-3]);
    expect(parseValues('saes.position', '=, all')).toEqual(['=', 'all']);
    expect(() => parseValues('saes.k', '4, eight')).toThrow(/SAE k: "eight" is not a number/);
    expect(() => parseValues('saes.k', ' , ')).toThrow(/at least one value/);
  });

  it('counts and estimates a valid draft, and writes the file the CLI reads back', () => {
    const d = { ...draftFrom(base), axes: [{ field: 'saes.k' as const, text: '4, 8' }, { field: 'saes.expansion' as const, text: '2, 4' }], seedsText: '1, 2' };
    const c = checkDraft(base, d);
    if (!c.ok) throw new Error(c.error);
    expect(c.cells).toHaveLength(4);
    expect(c.estimate.transformers).toBe(1);
    expect(validateSweep(JSON.parse(sweepFileText(c.sweep)))).toEqual(c.sweep);
  });

  it('refuses over the budget with the count shown, and invalid values with the cell named', () => {
    const over = checkDraft(base, { ...draftFrom(base), axes: [{ field: 'saes.k', text: '1, 2, 3' }], maxCells: 2 });
    expect(over).toMatchObject({ ok: false, count: 3 });
    expect(!over.ok && over.error).toMatch(/3 cells, over its budget of 2/);
    const bad = checkDraft(base, { ...draftFrom(base), axes: [{ field: 'saes.position', text: 'middle' }] });
    expect(!bad.ok && bad.error).toMatch(/cell position-middle: saes.position must be one of/);
    expect(checkDraft(base, { ...draftFrom(base), seedsText: '1, x' })).toMatchObject({ ok: false, error: expect.stringMatching(/seeds: "x"/) });
  });
});

const row = (id: string, k: number, lr: number, pwmcc: number | null, excess: number | null): SweepRow => ({
  id, setting: { 'saes.k': k, 'saes.lr': lr }, seeds: 2,
  fvu: { mean: k / 100, std: 0 }, l0: { mean: k, std: 0 }, deadFraction: { mean: 0, std: 0 },
  pwmccMax: { mean: pwmcc, std: 0, null: pwmcc === null ? null : 'rotation', nullMean: pwmcc === null ? null : pwmcc - (excess ?? 0), excess },
  pwmccOneToOne: { mean: null, std: null, null: null, nullMean: null, excess: null },
  sharedFraction: { mean: null, std: null, null: null, nullMean: null, excess: null },
  verdict: null, fourierShare: { mean: 0.1, std: 0 }, stableFourier: null, stableFourierShare: null, wallSeconds: 1,
});

describe('the results view', () => {
  const rows = [row('a', 4, 1e-3, 0.5, 0.1), row('b', 8, 1e-3, 0.6, -0.05), row('c', 4, 1e-4, null, null), row('d', 8, 1e-4, 0.7, 0.2)];

  it('sorts by a column, both ways, keeping rows without the value last', () => {
    const by = sortBy(DEFAULT_VIEW, 'pwmccMaxExcess');
    expect(viewRows(rows, by).map((r) => r.id)).toEqual(['b', 'a', 'd', 'c']);
    expect(viewRows(rows, sortBy(by, 'pwmccMaxExcess')).map((r) => r.id)).toEqual(['d', 'a', 'b', 'c']);
  });

  it('filters by words in the id or setting, and keeps pinned rows first whatever the filter', () => {
    expect(viewRows(rows, { ...DEFAULT_VIEW, filter: 'saes.k=8' }).map((r) => r.id)).toEqual(['b', 'd']);
    const pinned = togglePin(togglePin(DEFAULT_VIEW, 'c'), 'a');
    expect(viewRows(rows, { ...pinned, filter: 'saes.k=8' }).map((r) => r.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(togglePin(pinned, 'c').pinned).toEqual(['a']);
  });

  it('grids a metric over two axes, leaving pairs without a value blank', () => {
    const g = gridCells(rows, 'saes.k', 'saes.lr');
    expect(g.xs).toEqual([4, 8]);
    expect(g.ys).toEqual([1e-4, 1e-3]);
    expect(g.cells[0][0]).toBeNull(); // k 4, lr 1e-4: no stability
    expect(g.cells[0][1]).toEqual({ value: 0.7, excess: 0.2, runs: 1 });
    expect(g.cells[1][1]!.excess).toBeCloseTo(-0.05);
  });
});
