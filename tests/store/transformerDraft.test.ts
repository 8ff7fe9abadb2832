import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../src/core/spec/experiment.ts';
import { checkDraft, draftOf, sameSpec } from '../../src/store/transformerDraft.ts';

const tinyDraft = () => draftOf(presetSpec('tiny').transformer);

describe('checkDraft (the transformer controls as typed)', () => {
  it('turns the text of a preset back into exactly that preset', () => {
    const { spec, fieldErrors, formError } = checkDraft(tinyDraft());
    expect(fieldErrors).toEqual({});
    expect(formError).toBeNull();
    expect(spec).toEqual(presetSpec('tiny').transformer);
  });

  it('explains an out-of-range value under its field, without the spec path', () => {
    const { spec, fieldErrors } = checkDraft({ ...tinyDraft(), p: '2' });
    expect(spec).toBeNull();
    expect(fieldErrors.p).toBe('must be between 3 and 257; got 2');
  });

  it('keeps half-typed and empty text and says it is not a number', () => {
    const check = checkDraft({ ...tinyDraft(), lr: '1e-', seed: ' ' });
    expect(check.fieldErrors.lr).toBe('"1e-" is not a number');
    expect(check.fieldErrors.seed).toBe('enter a number');
    expect(Object.keys(check.fieldErrors).sort()).toEqual(['lr', 'seed']);
  });

  it('rejects a fractional value for an integer field', () => {
    expect(checkDraft({ ...tinyDraft(), steps: '10.5' }).fieldErrors.steps).toContain('integer');
  });

  it('reports a bad combination of valid fields as a form error', () => {
    const { spec, fieldErrors, formError } = checkDraft({ ...tinyDraft(), nHeads: '3' });
    expect(spec).toBeNull();
    expect(fieldErrors).toEqual({});
    expect(formError).toBe('dModel (32) must be divisible by nHeads (3)');
  });

  it('sameSpec notices a change in any one field', () => {
    const a = presetSpec('tiny').transformer;
    expect(sameSpec(a, { ...a })).toBe(true);
    expect(sameSpec(a, { ...a, seed: a.seed + 1 })).toBe(false);
  });
});
