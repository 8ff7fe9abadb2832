import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../src/core/spec/experiment.ts';
import { draftsOf } from '../../src/store/notebookSpec.ts';
import { selectNotebookSpec as notebookSpec } from '../../src/store/specSelectors.ts';
import { initialSaes } from '../../src/store/saeSlice.ts';
import { initialTransformer } from '../../src/store/transformerSlice.ts';

const initial = () => ({ transformer: initialTransformer(), saes: initialSaes() });

describe('notebook spec', () => {
  it('round-trips a spec through the controls unchanged (numbers, choices and seed lists)', () => {
    const spec = presetSpec('tiny');
    spec.transformer.lr = 0.0023;
    spec.saes!.seeds = [7, 8, 9];
    const back = notebookSpec(draftsOf(spec, initial()));
    expect(back?.transformer).toEqual(spec.transformer);
    expect(back?.saes).toEqual(spec.saes);
  });

  it('is null while a transformer field is bad, and leaves out SAEs whose fields are bad', () => {
    const d = draftsOf(presetSpec('tiny'), initial());
    expect(notebookSpec({ ...d, transformer: { ...d.transformer, draft: { ...d.transformer.draft, p: 'abc' } } })).toBeNull();
    const badSaes = notebookSpec({ ...d, saes: { ...d.saes, draft: { ...d.saes.draft, k: '-1' } } });
    expect(badSaes?.saes).toBeUndefined();
    expect(badSaes?.transformer.p).toBe(23);
  });

  it('names the experiment by its preset, else by the spec it was loaded from (kept through edits), else "custom"', () => {
    expect(notebookSpec(initial())?.name).toBe('nanda');
    const shared = { ...presetSpec('tiny'), name: 'shared tiny' };
    const loaded = draftsOf(shared, initial());
    expect(notebookSpec(loaded)?.name).toBe('shared tiny');
    const edited = { ...loaded, transformer: { ...loaded.transformer, draft: { ...loaded.transformer.draft, p: '29' } } };
    expect(notebookSpec(edited)?.name).toBe('shared tiny');
    const presetEdited = { ...initial(), transformer: { ...initialTransformer(), preset: null } };
    expect(notebookSpec(presetEdited)?.name).toBe('custom');
  });

  it('a spec of an unedited preset (from a link or a file) shows the preset, not "custom settings"; one changed field does not', () => {
    const tiny = draftsOf(presetSpec('tiny'), initial());
    expect(tiny.transformer.preset).toBe('tiny');
    expect(tiny.saes.preset).toBe('tiny');
    expect(notebookSpec(tiny)?.name).toBe('tiny');
    const nanda = draftsOf(presetSpec('nanda'), initial());
    expect(nanda.transformer.preset).toBe('nanda');
    const changed = presetSpec('tiny');
    changed.transformer.lr = 0.002;
    changed.saes!.seeds = [42, 123];
    const custom = draftsOf(changed, initial());
    expect(custom.transformer.preset).toBeNull();
    expect(custom.saes.preset).toBeNull();
  });
});
