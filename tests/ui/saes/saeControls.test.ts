/**
 * The SAE controls and run buttons read the store's one check (specSelectors.ts): the error the page shows and the
 * Start it offers are what Run all and startSaes decide, rendered from a store set up by hand (no worker, no DOM).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { saePresets } from '../../../src/core/spec/sae.ts';
import { transformerPresets } from '../../../src/core/spec/transformer.ts';
import { saeDraftOf } from '../../../src/store/saeDraft.ts';
import { selectSaeCheck, selectSaeStartSpec } from '../../../src/store/specSelectors.ts';
import { draftOf } from '../../../src/store/transformerDraft.ts';

// lab.ts reads the address bar when the store is created; the page's window is not needed beyond that.
vi.stubGlobal('window', { location: { search: '', hash: '', href: 'http://localhost/' }, history: { state: null, replaceState() {} } });

type Lab = typeof import('../../../src/store/lab.ts');
let lab: Lab;
let SaeControls: typeof import('../../../src/ui/saes/SaeControls.tsx').SaeControls;
let SaeRunButtons: typeof import('../../../src/ui/saes/SaeRunButtons.tsx').SaeRunButtons;

beforeAll(async () => {
  lab = await import('../../../src/store/lab.ts');
  ({ SaeControls } = await import('../../../src/ui/saes/SaeControls.tsx'));
  ({ SaeRunButtons } = await import('../../../src/ui/saes/SaeRunButtons.tsx'));
});

const tiny = transformerPresets.tiny; // d_model 32
const tooLargeK = { ...saeDraftOf(saePresets.tiny), k: '200', expansion: '4' }; // 4 × 32 = 128 latents

/** The store with these SAE controls, the tiny transformer drafted and, with `trained`, finished in the engine. */
function setUp(saeDraft: ReturnType<typeof saeDraftOf>, trained: boolean) {
  const s = lab.useLab.getState();
  lab.useLab.setState({
    backend: { ...s.backend, active: 'cpu', error: null },
    transformer: { ...s.transformer, draft: draftOf(tiny), runSpec: trained ? tiny : null, status: trained ? 'done' : 'idle' },
    saes: { ...s.saes, draft: saeDraft },
  });
  // Rendering to a string reads the store's server snapshot, which zustand takes from its initial state object.
  Object.assign(lab.useLab.getInitialState(), lab.useLab.getState());
}

const controls = () => renderToStaticMarkup(createElement(SaeControls, { locked: false }));
const buttons = () => renderToStaticMarkup(createElement(SaeRunButtons));
const startTag = (html: string) => html.match(/<button[^>]*data-testid="sae-start"[^>]*>/)![0];

describe('the SAE controls and the store agree', () => {
  it('show the store\'s message for k above the latents before any transformer is trained', () => {
    setUp(tooLargeK, false);
    const check = selectSaeCheck(lab.useLab.getState());
    expect(check.formError).toMatch(/k \(200\) must not exceed the number of latents \(128\)/);
    expect(controls()).toContain(check.formError!.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(controls()).not.toContain('sae-spec-summary');
  });

  it('offer Start exactly when startSaes would train', () => {
    setUp(tooLargeK, true);
    expect(selectSaeStartSpec(lab.useLab.getState())).toBeNull();
    expect(startTag(buttons())).toContain('disabled');
    expect(buttons()).toContain('fix the highlighted settings first');
    lab.useLab.getState().startSaes();
    expect(lab.useLab.getState().saes.status).toBe('idle'); // refused, as the button said

    setUp(saeDraftOf(saePresets.tiny), true);
    expect(selectSaeStartSpec(lab.useLab.getState())).toEqual(saePresets.tiny);
    expect(startTag(buttons())).not.toContain('disabled');
    expect(controls()).toContain('sae-spec-summary');
    expect(controls()).not.toContain('sae-form-error');
  });
});
