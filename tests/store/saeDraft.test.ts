import { describe, expect, it } from 'vitest';
import { saePresets } from '../../src/core/spec/sae.ts';
import { transformerPresets } from '../../src/core/spec/transformer.ts';
import { initialSaes } from '../../src/store/saeSlice.ts';
import { checkSaeDraft, saeDraftOf } from '../../src/store/saeDraft.ts';
import { selectSaeTransformer } from '../../src/store/specSelectors.ts';
import { draftOf } from '../../src/store/transformerDraft.ts';
import { initialTransformer } from '../../src/store/transformerSlice.ts';

const tiny = transformerPresets.tiny; // d_model 32, one layer

describe('checkSaeDraft (the SAE controls as typed → a valid spec or messages)', () => {
  it('every preset survives the round trip through the text controls', () => {
    for (const preset of Object.values(saePresets)) {
      expect(checkSaeDraft(saeDraftOf(preset), null).spec).toEqual(preset);
    }
  });

  it('reads seeds separated by commas, spaces or semicolons', () => {
    const draft = { ...saeDraftOf(saePresets.tiny), seeds: ' 7,8 9;10 ' };
    expect(checkSaeDraft(draft, tiny).spec?.seeds).toEqual([7, 8, 9, 10]);
  });

  it('names the bad word of the seed list, a repeated seed and an out-of-range seed', () => {
    const bad = (seeds: string) => checkSaeDraft({ ...saeDraftOf(saePresets.tiny), seeds }, tiny).fieldErrors.seeds;
    expect(bad('42, x1')).toBe('"x1" is not a number');
    expect(bad('42, 42')).toContain('must not repeat');
    expect(bad('42, -1')).toMatch(/^seed 2 must be between 0 and/);
    expect(bad(' ')).toBe('enter at least one seed');
  });

  it('reports a number out of bounds under its field, without the spec path', () => {
    const check = checkSaeDraft({ ...saeDraftOf(saePresets.tiny), expansion: '0', lr: '1e-' }, tiny);
    expect(check.spec).toBeNull();
    expect(check.fieldErrors.expansion).toBe('must be between 1 and 64; got 0');
    expect(check.fieldErrors.lr).toBe('"1e-" is not a number');
  });

  it('checks k and the layer against the transformer the SAEs will read', () => {
    // tiny: d_model 32, expansion 4 → 128 latents; k = 129 does not fit, k = 128 does.
    const withK = (k: string) => checkSaeDraft({ ...saeDraftOf(saePresets.tiny), k }, tiny);
    expect(withK('129').formError).toBe('k (129) must not exceed the number of latents (128)');
    expect(withK('128').spec?.k).toBe(128);
    const layer1 = checkSaeDraft({ ...saeDraftOf(saePresets.tiny), layer: '1' }, tiny);
    expect(layer1.formError).toContain("must be below the transformer's nLayers (1)");
    expect(checkSaeDraft({ ...saeDraftOf(saePresets.tiny), layer: '1' }, null).spec?.layer).toBe(1);
  });

  it('flags k > latents before any transformer is trained: the controls\' transformer gives d_model', () => {
    const draft = { ...saeDraftOf(saePresets.tiny), k: '200', expansion: '4' }; // 4 × 32 = 128 latents
    const host = (runSpec: typeof tiny | null, draft = draftOf(tiny)) => ({ transformer: { ...initialTransformer(), runSpec, draft }, saes: initialSaes() });
    const transformer = selectSaeTransformer(host(null));
    expect(transformer).toEqual(tiny);
    expect(checkSaeDraft(draft, transformer).formError).toMatch(/k \(200\) must not exceed the number of latents \(128\)/);
    const trained = { ...tiny, dModel: 64 };
    expect(selectSaeTransformer(host(trained))).toBe(trained); // the transformer in the engine wins
    expect(selectSaeTransformer(host(null, { ...draftOf(tiny), p: 'x' }))).toBeNull();
  });
});
