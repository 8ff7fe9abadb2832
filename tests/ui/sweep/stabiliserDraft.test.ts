/** The sweep draft with stabiliser axes: offered in the picker, and the notebook's Stabilise methods kept only for them. */
import { describe, expect, it } from 'vitest';
import { presetSpec, validateSpec } from '../../../src/core/spec/experiment.ts';
import { axisOptions, checkDraft, draftFrom, notebookSweepBase, parseValues } from '../../../src/ui/sweep/sweepDraft.ts';

const base = presetSpec('tiny');
const withMethods = (methods: unknown[]) => validateSpec({ ...base, stabilise: { methods } });

describe('stabiliser axes in the sweep draft', () => {
  it('offers the method and α (and a few more knobs), parsing choices as words and α as numbers', () => {
    const options = axisOptions();
    for (const f of ['stabilise.method', 'stabilise.alpha', 'stabilise.stageOneFraction']) expect(options.map((o) => o.field)).toContain(f);
    expect(options.find((o) => o.field === 'stabilise.method')!.label).toBe('stabiliser method');
    expect(parseValues('stabilise.method', 'consistency, dataInit')).toEqual(['consistency', 'dataInit']);
    expect(parseValues('stabilise.alpha', '0.01, 1')).toEqual([0.01, 1]);
  });

  it('keeps the notebook\'s one method for a stabiliser axis and drops the block for a plain sweep', () => {
    const notebook = withMethods([{ method: 'twoStage', stageOneFraction: 0.25 }]);
    const alpha = { ...draftFrom(notebook), axes: [{ field: 'stabilise.alpha' as const, text: '0.1, 1' }], seedsText: '1, 2' };
    const c = checkDraft(notebookSweepBase(notebook, alpha), alpha);
    if (!c.ok) throw new Error(c.error);
    expect(c.cells.map((x) => x.spec.stabilise!.methods[0])).toMatchObject([{ method: 'twoStage', alpha: 0.1, stageOneFraction: 0.25 }, { method: 'twoStage', alpha: 1 }]);
    const plain = { ...alpha, axes: [{ field: 'saes.k' as const, text: '4' }] };
    const p = checkDraft(notebookSweepBase(notebook, plain), plain);
    if (!p.ok) throw new Error(p.error);
    expect(p.cells[0].spec.stabilise).toBeUndefined();
  });

  it('lets a method axis name the methods when the notebook compares several, and says why a draft is refused', () => {
    const notebook = withMethods([{ method: 'consistency' }, { method: 'twoStage' }]);
    const methods = { ...draftFrom(notebook), axes: [{ field: 'stabilise.method' as const, text: 'consistency, dataInit' }], seedsText: '1, 2' };
    const c = checkDraft(notebookSweepBase(notebook, methods), methods);
    if (!c.ok) throw new Error(c.error);
    expect(c.cells.map((x) => x.id)).toEqual(['s.method-consistency', 's.method-dataInit']);
    const alpha = { ...methods, axes: [{ field: 'stabilise.alpha' as const, text: '0.1' }] };
    const refused = checkDraft(notebookSweepBase(notebook, alpha), alpha);
    expect(refused.ok ? '' : refused.error).toMatch(/lists 2 methods .* vary "stabilise.method" as an axis/);
  });
});
