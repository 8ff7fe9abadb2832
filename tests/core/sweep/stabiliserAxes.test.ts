/** Stabiliser knobs as sweep axes (issue 14): validation, each cell's one-method block, ids, and no batching. */
import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../../src/core/spec/experiment.ts';
import { SpecError } from '../../../src/core/spec/fields.ts';
import { batchCells } from '../../../src/core/sweep/batch.ts';
import { expandSweep, isStabiliserCell } from '../../../src/core/sweep/expand.ts';
import { validateSweep } from '../../../src/core/sweep/spec.ts';

const base = presetSpec('tiny');
const sweep = (extra: Record<string, unknown>) => validateSweep({ sweepVersion: 1, name: 's', base, seeds: [1, 2], ...extra });
const grid = (axes: unknown, extra: Record<string, unknown> = {}) => sweep({ axes, ...extra });

describe('stabiliser fields in a sweep spec', () => {
  it('accepts any stabiliser knob as an axis or a list cell key', () => {
    expect(grid([{ field: 'stabilise.method', values: ['consistency', 'twoStage'] }, { field: 'stabilise.alpha', values: [0.01, 0.1, 1] }]).axes).toHaveLength(2);
    expect(sweep({ cells: [{ 'stabilise.method': 'alignment', 'stabilise.rematchEvery': 10 }] }).cells).toHaveLength(1);
  });

  const bad: [string, () => unknown, RegExp][] = [
    ['an unknown knob', () => grid([{ field: 'stabilise.strength', values: [1] }]), /stabilise.strength is not a stabiliser knob \(knobs: method, alpha/],
    ['a malformed field', () => grid([{ field: 'stabilise.', values: [1] }]), /"stabilise.<knob>"/],
    ['a base comparing several methods', () => validateSweep({
      sweepVersion: 1, base: { ...base, stabilise: { methods: [{ method: 'consistency' }, { method: 'twoStage' }] } },
      axes: [{ field: 'stabilise.alpha', values: [0.1] }],
    }), /sweep.base.stabilise lists 2 methods \(consistency, twoStage\); a sweep cell compares one method/],
  ];
  for (const [what, make, message] of bad) {
    it(`refuses ${what}`, () => {
      expect(make).toThrow(SpecError);
      expect(make).toThrow(message);
    });
  }
});

describe('expanding stabiliser axes', () => {
  it('gives each cell a block with exactly one method, the cell\'s knobs applied, and prefixed ids after SAE fields', () => {
    const cells = expandSweep(grid([
      { field: 'stabilise.method', values: ['consistency', 'twoStage'] }, { field: 'stabilise.alpha', values: [0.01, 1] }, { field: 'saes.k', values: [4] },
    ]));
    expect(cells.map((c) => c.id)).toEqual([
      'k-4_s.alpha-0.01_s.method-consistency', 'k-4_s.alpha-1_s.method-consistency',
      'k-4_s.alpha-0.01_s.method-twoStage', 'k-4_s.alpha-1_s.method-twoStage',
    ]);
    for (const c of cells) {
      expect(isStabiliserCell(c)).toBe(true);
      expect(c.spec.stabilise!.methods).toHaveLength(1);
      const m = c.spec.stabilise!.methods[0];
      expect([m.method, m.alpha]).toEqual([c.setting['stabilise.method'], c.setting['stabilise.alpha']]);
      expect(m.init).toBe('own');
      expect(c.spec.saes!.k).toBe(4);
    }
    expect(Object.keys(cells[0].setting)).toEqual(['saes.k', 'stabilise.alpha', 'stabilise.method']);
  });

  it('starts from the base block\'s single method, its other knobs kept', () => {
    const withBlock = { ...base, stabilise: { methods: [{ method: 'twoStage', stageOneFraction: 0.25, alpha: 0.5 }] } };
    const cells = expandSweep(validateSweep({ sweepVersion: 1, base: withBlock, seeds: [1, 2], axes: [{ field: 'stabilise.alpha', values: [0.1, 2] }] }));
    expect(cells.map((c) => c.id)).toEqual(['s.alpha-0.1', 's.alpha-2']);
    expect(cells.map((c) => c.spec.stabilise!.methods.map((m) => [m.method, m.alpha, m.stageOneFraction]))).toEqual([[['twoStage', 0.1, 0.25]], [['twoStage', 2, 0.25]]]);
    // A base block without stabiliser axes makes every cell a stabiliser cell of that method.
    const plainAxes = expandSweep(validateSweep({ sweepVersion: 1, base: withBlock, seeds: [1, 2], axes: [{ field: 'saes.k', values: [4] }] }));
    expect(plainAxes[0].id).toBe('k-4');
    expect(plainAxes[0].spec.stabilise!.methods[0]).toMatchObject({ method: 'twoStage', alpha: 0.5 });
  });

  it('keeps plain cells plain: no block, the same ids as before', () => {
    const cells = expandSweep(grid([{ field: 'saes.k', values: [4] }, { field: 'transformer.seed', values: [0] }]));
    expect(cells[0].id).toBe('t.seed-0_k-4');
    expect(cells[0].spec.stabilise).toBeUndefined();
    expect(isStabiliserCell(cells[0])).toBe(false);
  });

  const refused: [string, () => unknown, RegExp][] = [
    ['method plain', () => expandSweep(grid([{ field: 'stabilise.method', values: ['consistency', 'plain'] }])),
      /cell s.method-plain: stabilise.method is plain .* compares one method with plain training/],
    ['knobs without a method', () => expandSweep(grid([{ field: 'stabilise.alpha', values: [0.1] }])), /cell s.alpha-0.1: stabilise.method is plain \(or not given\)/],
    ['a mutual group that does not fit the seeds', () => expandSweep(sweep({ seeds: [1, 2, 3], axes: [{ field: 'stabilise.method', values: ['mutual'] }] })),
      /cell s.method-mutual: spec.stabilise.methods\[0\].groupSize \(2\) must divide the number of seeds \(3\)/],
    ['a control init', () => expandSweep(sweep({ cells: [{ 'stabilise.method': 'consistency', 'stabilise.init': 'shared' }] })),
      /cell s.init-shared_s.method-consistency: .*leave init out/],
    ['a knob value out of bounds', () => expandSweep(sweep({ cells: [{ 'stabilise.method': 'consistency', 'stabilise.alpha': 1000 }] })),
      /cell s.alpha-1000_s.method-consistency: spec.stabilise.methods\[0\].alpha/],
    ['a reference seed among the seeds', () => expandSweep(sweep({ cells: [{ 'stabilise.method': 'consistency', 'stabilise.referenceSeedOffset': 1 }] })),
      /cell s.method-consistency_s.referenceSeedOffset-1: .*reference seed 2 one of the seeds/],
  ];
  for (const [what, make, message] of refused) {
    it(`refuses ${what}, naming the cell`, () => {
      expect(make).toThrow(SpecError);
      expect(make).toThrow(message);
    });
  }

  it('never batches a stabiliser cell, even with cells that differ only in a batchable field', () => {
    const cells = expandSweep(grid([{ field: 'stabilise.method', values: ['consistency'] }, { field: 'saes.lr', values: [1e-3, 3e-3] }]));
    expect(batchCells(cells).map((b) => b.length)).toEqual([1, 1]);
  });
});

describe('the estimate of a stabiliser cell', () => {
  it('counts every arm the comparison trains, not one plain training', async () => {
    const { cellSeconds, cellTrainings } = await import('../../../src/core/sweep/budget.ts');
    const [plain] = expandSweep(grid([{ field: 'saes.k', values: [base.saes!.k] }])); // the same SAEs, trained once
    const [consistency, dataInit] = expandSweep(grid([{ field: 'stabilise.method', values: ['consistency', 'dataInit'] }]));
    expect([cellTrainings(plain), cellTrainings(consistency), cellTrainings(dataInit)]).toEqual([1, 5, 4]);
    // Five trainings and the comparison's analysis beside the cell's: more than twice the plain cell (one of each).
    expect(cellSeconds(consistency)).toBeGreaterThan(2 * cellSeconds(plain));
  });
});
