import { describe, expect, it } from 'vitest';
import { SPEC_VERSION, presetNames, presetSpec, validateSpec } from '../../../src/core/spec/experiment.ts';
import { SpecError } from '../../../src/core/spec/fields.ts';

describe('experiment spec validation', () => {
  it('every preset validates to itself', () => {
    for (const name of presetNames) {
      const spec = presetSpec(name);
      expect(validateSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
    }
  });

  it('nanda preset is the SCIENCE.md §1 configuration', () => {
    const t = presetSpec('nanda').transformer;
    expect(t).toMatchObject({ p: 113, trainFraction: 0.3, nLayers: 1, dModel: 128, nHeads: 4, dMlp: 512, lr: 1e-3, weightDecay: 1, beta1: 0.9, beta2: 0.98, eps: 1e-8, warmupSteps: 10 });
  });

  it('missing fields take defaults', () => {
    const spec = validateSpec({ version: SPEC_VERSION, transformer: { p: 31 } });
    expect(spec.transformer.p).toBe(31);
    expect(spec.transformer.dModel).toBe(128);
  });

  const bad: [string, unknown, RegExp][] = [
    ['not an object', 'hello', /JSON object/],
    ['wrong version', { version: 99 }, /version 99 is not supported/],
    ['unknown top-level field', { version: 1, extra: 1 }, /spec.extra is not a known field/],
    ['unknown transformer field', { version: 1, transformer: { dmodel: 3 } }, /transformer.dmodel is not a known field/],
    ['non-integer', { version: 1, transformer: { p: 11.5 } }, /transformer.p must be an integer/],
    ['out of bounds', { version: 1, transformer: { steps: 1e9 } }, /transformer.steps must be between/],
    ['NaN as string', { version: 1, transformer: { lr: 'NaN' } }, /transformer.lr must be a finite number/],
    ['heads do not divide d_model', { version: 1, transformer: { dModel: 30, nHeads: 4 } }, /divisible/],
    ['name too long', { version: 1, name: 'x'.repeat(500) }, /spec.name/],
  ];
  for (const [what, raw, message] of bad) {
    it(`rejects ${what} with a clear message`, () => {
      expect(() => validateSpec(raw)).toThrow(SpecError);
      expect(() => validateSpec(raw)).toThrow(message);
    });
  }

  it('unknown presets are named in the error', () => {
    expect(() => presetSpec('huge')).toThrow(/known presets: nanda, fast, tiny, teach/);
  });
});
