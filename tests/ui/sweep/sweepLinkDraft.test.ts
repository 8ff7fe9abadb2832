import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateSweep } from '../../../src/core/sweep/spec.ts';
import { readSweepLink, makeSweepFragment } from '../../../src/share/sweepLink.ts';
import { checkDraft, draftOfSweep } from '../../../src/ui/sweep/sweepDraft.ts';

describe('a sweep link in the Sweep section', () => {
  it('fills the draft so that the section checks exactly the linked sweep (choices, floats and budget kept)', async () => {
    const file = JSON.parse(readFileSync('examples/tiny-sweep.json', 'utf8'));
    file.axes.push({ field: 'saes.position', values: ['=', 'all'] }, { field: 'saes.lr', values: [0.0003, 0.001] });
    file.budget = { maxCells: 16, maxHours: 2 };
    const sweep = validateSweep(file);
    const read = await readSweepLink(`#${await makeSweepFragment(sweep)}`);
    if (!read?.ok) throw new Error(read?.error);
    const draft = draftOfSweep(read.sweep);
    expect(draft.axes[2]).toEqual({ field: 'saes.position', text: '=, all' });
    const check = checkDraft(read.sweep.base, draft);
    if (!check.ok) throw new Error(check.error);
    expect(check.sweep).toEqual(sweep);
    expect(check.cells).toHaveLength(16);
  });
});
