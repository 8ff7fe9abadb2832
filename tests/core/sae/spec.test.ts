import { describe, expect, it } from 'vitest';
import { SPEC_VERSION, presetSpec, validateSpec } from '../../../src/core/spec/experiment.ts';
import { SpecError, defaultsOf } from '../../../src/core/spec/fields.ts';
import { saeArchitectureList, saeFields, saeHookName, saeInputDim, saeLatents, saePresets, saeRows, validateSaes } from '../../../src/core/spec/sae.ts';
import { transformerPresets } from '../../../src/core/spec/transformer.ts';

describe('SAE spec', () => {
  it('defaults are the plan\'s settings: TopK k = 32, 8x, answer position, 20 epochs, five seeds', () => {
    const d = validateSaes(undefined);
    expect(d).toEqual(defaultsOf(saeFields));
    expect(d).toMatchObject({ architecture: 'topk', k: 32, expansion: 8, position: '=', epochs: 20, auxK: 'on', auxKCoef: 1 / 32 });
    expect(d.seeds).toEqual([42, 123, 456, 789, 1011]);
  });

  it('a spec saved before the architecture registry (TopK/ReLU knobs only) opens unchanged, the new knobs at their defaults', () => {
    const old = {
      hook: 'hook_resid_post', layer: 0, position: '=', architecture: 'relu', k: 32, l1: 3, expansion: 8, lr: 1e-3, epochs: 20, batchSize: 256,
      seeds: [42, 123], auxK: 'on', auxKCoef: 1 / 32, kAux: 0, deadWindow: 1, l1WarmupFraction: 0.05, gradClip: 1, evalEvery: 50,
    };
    const spec = validateSpec({ version: SPEC_VERSION, name: 'old', transformer: transformerPresets.nanda, saes: old }).saes!;
    expect(spec).toMatchObject(old);
    expect(spec).toMatchObject({ thresholdRate: 0.01, l0Coef: 2e-3, bandwidth: 0.1, initThreshold: 0.1 });
  });

  it('every architecture\'s knobs are fields of the spec, each declared once', () => {
    for (const arch of saeArchitectureList) for (const [key, field] of Object.entries(arch.fields)) expect(saeFields[key as keyof typeof saeFields]).toBe(field);
    expect(saeFields.architecture).toMatchObject({ options: ['topk', 'relu', 'batchtopk', 'jumprelu'] });
  });

  it('every preset validates to itself against the Nanda transformer', () => {
    for (const preset of Object.values(saePresets)) {
      expect(validateSaes(JSON.parse(JSON.stringify(preset)), transformerPresets.nanda)).toEqual(preset);
    }
  });

  it('phase presets train 1,024 latents on d_model 128 at the answer position over all p² inputs', () => {
    const t = transformerPresets.nanda;
    expect(saeLatents(saePresets.phase1, t)).toBe(1024);
    expect(saePresets.phase1).toMatchObject({ architecture: 'topk', k: 32 });
    expect(saePresets.phase2.architecture).toBe('relu');
    expect(saeRows(saePresets.phase1, t)).toBe(113 * 113);
    expect(saeRows({ ...saePresets.phase1, position: 'all' }, t)).toBe(3 * 113 * 113);
  });

  it('names the hook in TransformerLens form and reads d_mlp features from mlp.hook_post', () => {
    const s = { ...saePresets.phase1, hook: 'mlp.hook_post' as const, layer: 1 };
    expect(saeHookName(s)).toBe('blocks.1.mlp.hook_post');
    expect(saeInputDim(s, transformerPresets.nanda)).toBe(512);
    expect(saeInputDim(saePresets.phase1, transformerPresets.nanda)).toBe(128);
  });

  const bad: [string, unknown, RegExp][] = [
    ['an unknown field', { lambda: 1 }, /saes.lambda is not a known field/],
    ['an unknown hook', { hook: 'hook_resid' }, /saes.hook must be one of/],
    ['an unknown architecture', { architecture: 'gated' }, /saes.architecture must be one of/],
    ['no seeds', { seeds: [] }, /saes.seeds must hold 1 to 16 values/],
    ['repeated seeds', { seeds: [1, 1] }, /must not repeat/],
    ['a fractional k', { k: 2.5 }, /saes.k must be an integer/],
    ['a layer the transformer lacks', { layer: 1 }, /saes.layer \(1\) must be below/],
    ['k above the latent count', { k: 1024, expansion: 1 }, /saes.k \(1024\) must not exceed the number of latents \(128\)/],
  ];
  for (const [what, raw, message] of bad) {
    it(`rejects ${what}`, () => {
      const run = () => validateSaes(raw, transformerPresets.nanda);
      expect(run).toThrow(SpecError);
      expect(run).toThrow(message);
    });
  }

  it('the experiment spec accepts an optional saes part and the tiny preset carries one', () => {
    expect(validateSpec({ version: SPEC_VERSION }).saes).toBeUndefined();
    expect(validateSpec({ version: SPEC_VERSION, saes: { k: 16 } }).saes?.k).toBe(16);
    expect(() => validateSpec({ version: SPEC_VERSION, saes: { k: 0 } })).toThrow(/saes.k must be between/);
    const tiny = presetSpec('tiny');
    expect(tiny.saes).toEqual(saePresets.tiny);
    expect(validateSpec(JSON.parse(JSON.stringify(tiny)))).toEqual(tiny);
  });
});
