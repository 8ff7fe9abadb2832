import { describe, expect, it } from 'vitest';
import { presetSpec, validateSpec } from '../../src/core/spec/experiment.ts';
import { stabiliserNames } from '../../src/core/stabilise/spec.ts';
import { MAX_FRAGMENT_CHARS, MAX_JSON_BYTES, canonicalJson, makeFragment, readLink } from '../../src/share/link.ts';
import { draftsOf } from '../../src/store/notebookSpec.ts';
import { selectNotebookSpec as notebookSpec } from '../../src/store/specSelectors.ts';
import { initialSaes } from '../../src/store/saeSlice.ts';
import { initialStabiliseDraft, pickMethod, setKnob } from '../../src/store/stabiliseDraft.ts';
import { initialTransformer } from '../../src/store/transformerSlice.ts';

const initial = () => ({ transformer: initialTransformer(), saes: initialSaes(), stabilise: { draft: initialStabiliseDraft() } });

describe('the Stabilise section in specs and share links', () => {
  it('an untouched section adds nothing to the notebook spec; a changed one adds its checked block', () => {
    const d = draftsOf(presetSpec('tiny'), initial());
    expect(notebookSpec(d)!.stabilise).toBeUndefined();
    const draft = setKnob(pickMethod(d.stabilise!.draft, 'dataInit', true), 'consistency', 'alpha', '0.3');
    const spec = notebookSpec({ ...d, stabilise: { draft } })!;
    expect(spec.stabilise!.methods.map((m) => [m.method, m.alpha])).toEqual([['consistency', 0.3], ['dataInit', 0.1]]);
    // A draft the SAE seeds cannot hold (mutual needs two groups) leaves the block out, as bad SAE fields leave the SAEs out.
    const mutual = pickMethod({ picked: [], knobs: {} }, 'mutual', true);
    expect(notebookSpec({ ...d, stabilise: { draft: mutual } })!.stabilise).toBeUndefined(); // tiny has 3 seeds
  });

  it('spec → link → controls → spec is exact, with the methods ticked and their knobs', async () => {
    const spec = validateSpec({ ...presetSpec('tiny'), stabilise: { methods: [{ method: 'alignment', alpha: 0.25, rematchEvery: 7 }, { method: 'fourierInit', fourierVariables: 'sum' }] } });
    const read = await readLink(`#${await makeFragment(spec)}`);
    expect(read?.ok && read.spec).toEqual(spec);
    const d = draftsOf(read!.ok ? read!.spec : spec, initial());
    expect(d.stabilise!.draft.picked).toEqual(['alignment', 'fourierInit']);
    expect(d.stabilise!.draft.knobs.alignment!.rematchEvery).toBe('7');
    expect(notebookSpec(d)).toEqual(spec);
    // A spec without the block resets the section.
    expect(draftsOf(presetSpec('tiny'), d).stabilise!.draft).toEqual(initialStabiliseDraft());
  });

  it('refuses a block with bad knobs, without SAEs, or with plain listed, naming the field', () => {
    const tiny = presetSpec('tiny');
    expect(() => validateSpec({ ...tiny, stabilise: { methods: [{ method: 'consistency', alpha: -1 }] } })).toThrow(/spec\.stabilise\.methods\[0\]\.alpha must be between 0 and 100/);
    expect(() => validateSpec({ ...presetSpec('nanda'), stabilise: { methods: [{ method: 'tiedInit' }] } })).toThrow(/needs spec\.saes/);
    expect(() => validateSpec({ ...tiny, stabilise: { methods: [{ method: 'plain' }] } })).toThrow(/leave plain out/);
  });

  it('every method with every knob still fits the link limits', async () => {
    const methods = stabiliserNames.filter((n) => n !== 'plain' && n !== 'mutual').map((method) => ({ method }));
    const spec = validateSpec({ ...presetSpec('tiny'), stabilise: { methods } });
    expect(canonicalJson(spec).length).toBeLessThan(MAX_JSON_BYTES);
    expect((await makeFragment(spec)).length).toBeLessThan(MAX_FRAGMENT_CHARS);
  });
});
