import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../../src/core/spec/experiment.ts';
import { SpecError } from '../../../src/core/spec/fields.ts';
import { cellId, expandSweep, gridSize, transformerFolder } from '../../../src/core/sweep/expand.ts';
import { DEFAULT_BUDGET, validateSweep } from '../../../src/core/sweep/spec.ts';

const base = presetSpec('tiny');
const grid = (axes: unknown, extra: Record<string, unknown> = {}) => validateSweep({ sweepVersion: 1, name: 's', base, axes, ...extra });

describe('sweep spec validation', () => {
  it('fills defaults: grid mode, the base seeds, the default budget', () => {
    const s = grid([{ field: 'saes.k', values: [4, 8] }]);
    expect(s.mode).toBe('grid');
    expect(s.seeds).toEqual(base.saes!.seeds);
    expect(s.budget).toEqual(DEFAULT_BUDGET);
    expect(validateSweep({ sweepVersion: 1, base, cells: [{ 'saes.k': 4 }] }).mode).toBe('list');
  });

  const bad: [string, unknown, RegExp][] = [
    ['a wrong version', { sweepVersion: 2, base }, /sweepVersion 2 is not supported/],
    ['an unknown top-level field', { sweepVersion: 1, base, axis: [] }, /sweep.axis is not a known field/],
    ['a base without SAEs', { sweepVersion: 1, base: { ...base, saes: undefined } }, /must train SAEs/],
    ['a bad base', { sweepVersion: 1, base: { ...base, transformer: { p: 1 } } }, /sweep.base: transformer.p must be between/],
    ['seeds as an axis', { sweepVersion: 1, base, axes: [{ field: 'saes.seeds', values: [1] }] }, /the sweep's "seeds" list/],
    ['a field outside saes/transformer', { sweepVersion: 1, base, axes: [{ field: 'name', values: [1] }] }, /"saes.<field>" or "transformer.<field>"/],
    ['a repeated axis', { sweepVersion: 1, base, axes: [{ field: 'saes.k', values: [1] }, { field: 'saes.k', values: [2] }] }, /already an axis/],
    ['a repeated value', { sweepVersion: 1, base, axes: [{ field: 'saes.k', values: [4, 4] }] }, /must not repeat/],
    ['an object value', { sweepVersion: 1, base, axes: [{ field: 'saes.k', values: [{}] }] }, /finite number or a short string/],
    ['cells in grid mode', { sweepVersion: 1, base, mode: 'grid', cells: [{}] }, /belongs to mode "list"/],
    ['repeated seeds', { sweepVersion: 1, base, seeds: [1, 1] }, /sweep.seeds: .*must not repeat/],
    ['a zero cell budget', { sweepVersion: 1, base, budget: { maxCells: 0 } }, /maxCells must be an integer between 1/],
  ];
  for (const [what, raw, message] of bad) {
    it(`refuses ${what}`, () => {
      expect(() => validateSweep(raw)).toThrow(SpecError);
      expect(() => validateSweep(raw)).toThrow(message);
    });
  }
});

describe('grid expansion', () => {
  it('makes every combination, first axis slowest, each a validated experiment spec with the sweep seeds', () => {
    const s = grid([{ field: 'saes.k', values: [4, 8] }, { field: 'saes.lr', values: [1e-3, 3e-3, 1e-2] }], { seeds: [1, 2] });
    const cells = expandSweep(s);
    expect(cells).toHaveLength(6);
    expect(gridSize(s)).toBe(6);
    expect(cells.map((c) => [c.spec.saes!.k, c.spec.saes!.lr])).toEqual([[4, 1e-3], [4, 3e-3], [4, 1e-2], [8, 1e-3], [8, 3e-3], [8, 1e-2]]);
    expect(cells.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const c of cells) {
      expect(c.spec.saes!.seeds).toEqual([1, 2]);
      expect(c.spec.saes!.expansion).toBe(base.saes!.expansion); // untouched fields come from the base
    }
    expect(new Set(cells.map((c) => c.id)).size).toBe(6);
  });

  it('gives ids from the setting alone: stable under axis reordering, filesystem-safe', () => {
    const a = expandSweep(grid([{ field: 'saes.k', values: [4] }, { field: 'transformer.seed', values: [0, 1] }]));
    const b = expandSweep(grid([{ field: 'transformer.seed', values: [0, 1] }, { field: 'saes.k', values: [4] }]));
    expect(a.map((c) => c.id).sort()).toEqual(b.map((c) => c.id).sort());
    expect(a[0].id).toBe('t.seed-0_k-4');
    expect(cellId({ 'saes.position': '=' })).toBe('position-x3d');
    expect(cellId({ 'saes.hook': 'mlp.hook_post' })).toBe('hook-mlp.hookx5fpost');
    expect(cellId({})).toBe('base');
    for (const c of a) expect(c.id).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('shares a transformer between cells that vary only SAE fields', () => {
    const cells = expandSweep(grid([{ field: 'transformer.seed', values: [0, 1] }, { field: 'saes.k', values: [4, 8] }]));
    const keys = cells.map((c) => c.transformerKey);
    expect(new Set(keys).size).toBe(2);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[0]).not.toBe(keys[2]);
    expect(transformerFolder(keys[0])).toMatch(/^t-[0-9a-f]{8}$/);
    expect(transformerFolder(keys[0])).not.toBe(transformerFolder(keys[2]));
  });

  it('names the cell whose values are invalid', () => {
    expect(() => expandSweep(grid([{ field: 'saes.k', values: [4, 100_000] }]))).toThrow(/cell k-100000: saes.k must be between/);
    expect(() => expandSweep(grid([{ field: 'saes.bogus', values: [1] }]))).toThrow(/cell bogus-1: saes.bogus is not a known field/);
    expect(() => expandSweep(grid([{ field: 'saes.k', values: ['8'] }]))).toThrow(/saes.k must be a finite number/);
  });

  it('expands an explicit list and refuses a setting listed twice', () => {
    const s = validateSweep({ sweepVersion: 1, base, cells: [{ 'saes.k': 4 }, { 'saes.expansion': 2, 'saes.k': 2 }, {}] });
    expect(expandSweep(s).map((c) => c.id)).toEqual(['k-4', 'expansion-2_k-2', 'base']);
    const twice = validateSweep({ sweepVersion: 1, base, cells: [{ 'saes.k': 4, 'saes.lr': 0.01 }, { 'saes.lr': 0.01, 'saes.k': 4 }] });
    expect(() => expandSweep(twice)).toThrow(/cell k-4_lr-0.01 appears twice/);
  });
});

describe('the sweep as a file', () => {
  it('reads back to the same spec, grid and list alike', async () => {
    const { sweepDocument } = await import('../../../src/core/sweep/spec.ts');
    const g = grid([{ field: 'saes.k', values: [4, 8] }], { seeds: [3], budget: { maxCells: 9 } });
    const l = validateSweep({ sweepVersion: 1, base, cells: [{ 'saes.k': 4 }] });
    for (const s of [g, l]) expect(validateSweep(JSON.parse(JSON.stringify(sweepDocument(s))))).toEqual(s);
  });
});
