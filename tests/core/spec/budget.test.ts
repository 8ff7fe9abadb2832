import { describe, expect, it } from 'vitest';
import * as tf from '../../../src/core/tf.ts';
import { MAX_WORKING_FLOATS, saeWorkingFloats, transformerWorkingFloats } from '../../../src/core/spec/budget.ts';
import { SPEC_VERSION, presetNames, presetSpec, validateSpec } from '../../../src/core/spec/experiment.ts';
import { saePresets, validateSaes } from '../../../src/core/spec/sae.ts';
import { transformerPresets, validateTransformer } from '../../../src/core/spec/transformer.ts';
import { TransformerTrainer } from '../../../src/core/train/transformerTrainer.ts';
import { useBackend } from '../../helpers/backend.ts';

const { nanda, tiny } = transformerPresets;

describe('spec memory budget', () => {
  it('accepts every preset and the plan runs on the nanda transformer', () => {
    for (const name of presetNames) expect(() => validateSpec(presetSpec(name))).not.toThrow();
    for (const saes of Object.values(saePresets)) expect(() => validateSaes(saes, nanda)).not.toThrow();
    expect(() => validateTransformer({ ...nanda, trainFraction: 0.95 })).not.toThrow();
  });

  it('refuses a transformer whose full-batch step would need more memory than the limit, saying what to lower', () => {
    const huge = { ...nanda, p: 257, trainFraction: 0.95, dModel: 512, nHeads: 16, dMlp: 2048, nLayers: 2 };
    expect(transformerWorkingFloats(huge)).toBeGreaterThan(MAX_WORKING_FLOATS);
    expect(() => validateTransformer(huge)).toThrow(/transformer needs about .* GiB of memory.*lower p/);
    expect(() => validateSpec({ version: SPEC_VERSION, transformer: huge })).toThrow(/GiB/);
  });

  it('refuses SAEs whose latents × seeds would not fit, through validateSpec as well', () => {
    const wide = { ...saePresets.phase1, hook: 'mlp.hook_post', expansion: 64, seeds: [1, 2, 3, 4, 5, 6, 7, 8] };
    expect(() => validateSaes(wide, nanda)).toThrow(/saes needs about .* GiB.*32768 latents × 8 seeds/);
    expect(() => validateSpec({ version: SPEC_VERSION, transformer: nanda, saes: wide })).toThrow(/GiB/);
  });

  it('counts what grows: the SAE estimate grows with latents², batch × latents × seeds and the activation rows', () => {
    const base = { rows: 529, dIn: 32, latents: 128, seeds: 3, batchSize: 64 };
    const at = (change: Partial<typeof base>) => saeWorkingFloats({ ...base, ...change }) - saeWorkingFloats(base);
    // Doubling the latents adds at least the cosine matrix' growth 3·(256² − 128²) and the batch's 3·64·6·128.
    expect(at({ latents: 256 })).toBeGreaterThanOrEqual(3 * (256 ** 2 - 128 ** 2) + 3 * 64 * 6 * 128);
    expect(at({ seeds: 6 })).toBeGreaterThanOrEqual(3 * 64 * 6 * 128);
    expect(at({ rows: 1058 })).toBeGreaterThanOrEqual(529 * 32);
  });

  it('bounds the measured peak memory of a training step from above, within a small factor (cpu backend)', async () => {
    await useBackend('cpu');
    const specs = [tiny, { ...tiny, p: 31, dModel: 64, dMlp: 256, trainFraction: 0.9 }, { ...tiny, p: 29, nLayers: 2 }];
    for (const spec of specs) {
      const trainer = new TransformerTrainer(spec);
      const { peakBytes } = await tf.profile(() => trainer.step());
      trainer.dispose();
      const measured = peakBytes / 4;
      const estimate = transformerWorkingFloats(spec);
      expect(estimate).toBeGreaterThanOrEqual(measured);
      expect(estimate).toBeLessThan(3 * measured);
    }
  });
});
