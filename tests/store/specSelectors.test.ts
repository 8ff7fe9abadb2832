import { describe, expect, it } from 'vitest';
import { initialSaes } from '../../src/store/saeSlice.ts';
import { draftsOf } from '../../src/store/notebookSpec.ts';
import { presetSpec } from '../../src/core/spec/experiment.ts';
import { selectDraftCheck, selectDraftSpec, selectNotebookSpec, selectSaeCheck, selectSaeTransformer } from '../../src/store/specSelectors.ts';
import { checkDraft } from '../../src/store/transformerDraft.ts';
import { initialTransformer } from '../../src/store/transformerSlice.ts';

const state = () => ({ transformer: initialTransformer(), saes: initialSaes() });

describe('the specs derived from the store', () => {
  it('check each draft once: every reader of the same draft gets the same result, a new draft a new one', () => {
    const s = state();
    expect(selectDraftCheck(s)).toEqual(checkDraft(s.transformer.draft));
    expect(selectDraftCheck(s)).toBe(selectDraftCheck({ ...s }));
    const edited = { ...s, transformer: { ...s.transformer, draft: { ...s.transformer.draft, p: 'seven' } } };
    expect(selectDraftSpec(edited)).toBeNull();
    expect(selectDraftCheck(edited).fieldErrors.p).toBeDefined();
    expect(selectDraftSpec(s)).not.toBeNull();
  });

  it('check the SAEs against the engine\'s transformer, else the drafted one', () => {
    const s = state();
    expect(selectSaeTransformer(s)).toBe(selectDraftSpec(s));
    const running = { ...s, transformer: { ...s.transformer, runSpec: { ...selectDraftSpec(s)!, dModel: 8 } } };
    expect(selectSaeTransformer(running)).toBe(running.transformer.runSpec);
    expect(selectSaeCheck(s)).toBe(selectSaeCheck(s, selectDraftSpec(s)));
    expect(selectSaeCheck(s, null)).not.toBe(selectSaeCheck(s));
  });

  it('give the notebook spec from the drafts\' checks, the same object until a draft or a name changes', () => {
    const s = state();
    const spec = selectNotebookSpec(s);
    expect(spec?.transformer).toBe(selectDraftSpec(s)); // built from the cached checks, not a second parse
    expect(spec?.saes).toBe(selectSaeCheck(s, selectDraftSpec(s)).spec);
    expect(selectNotebookSpec({ ...s })).toBe(spec);
    const renamed = { ...s, transformer: { ...s.transformer, specName: 'other name' } };
    expect(selectNotebookSpec(renamed)?.name).toBe('other name');
    expect(selectNotebookSpec(renamed)).not.toBe(spec);
    const tiny = { ...s, ...draftsOf(presetSpec('tiny'), s) };
    expect(selectNotebookSpec(tiny)).toEqual(presetSpec('tiny'));
  });
});
