import { describe, expect, it } from 'vitest';
import { stabiliserInfo } from '../../src/core/stabilise/methodInfo.ts';
import { stabilisers } from '../../src/core/stabilise/methods.ts';
import { stabiliserDefaults } from '../../src/core/stabilise/spec.ts';
import { checkStabiliseDraft, initialStabiliseDraft, knobsOf, pickMethod, pickableMethods, setKnob } from '../../src/store/stabiliseDraft.ts';

describe('the Stabilise section draft', () => {
  it('offers every registered method but plain, each with its registry knobs less the init the controls vary', () => {
    expect(pickableMethods).toEqual(Object.keys(stabilisers).filter((n) => n !== 'plain'));
    for (const name of pickableMethods) {
      expect(stabilisers[name].knobs).toEqual(stabiliserInfo[name].knobs); // the registry and the page read one table
      expect(knobsOf(name)).toEqual(stabilisers[name].knobs.filter((k) => k !== 'init'));
    }
  });

  it('checks the picked methods with their knobs into a stabilise block', () => {
    let d = pickMethod(initialStabiliseDraft(), 'dataInit', true);
    d = setKnob(d, 'consistency', 'alpha', '0.5');
    d = setKnob(d, 'dataInit', 'dataInit', 'kmeans');
    const check = checkStabiliseDraft(d, [1, 2]);
    expect(check.error).toBeNull();
    expect(check.block!.methods.map((m) => [m.method, m.alpha, m.dataInit])).toEqual([['consistency', 0.5, 'sampled'], ['dataInit', 0.1, 'kmeans']]);
    expect(check.block!.methods[0]).toEqual({ ...stabiliserDefaults(), method: 'consistency', alpha: 0.5 });
  });

  it('names the problem: nothing picked, one seed, a knob out of bounds or empty, mutual groups that do not fit', () => {
    expect(checkStabiliseDraft({ picked: [], knobs: {} }, [1, 2]).error).toMatch(/pick at least one/);
    expect(checkStabiliseDraft(initialStabiliseDraft(), [1]).error).toMatch(/two seeds/);
    expect(checkStabiliseDraft(setKnob(initialStabiliseDraft(), 'consistency', 'alpha', '-1'), [1, 2]).error).toMatch(/consistency\.alpha must be between 0 and 100/);
    expect(checkStabiliseDraft(setKnob(initialStabiliseDraft(), 'consistency', 'alpha', ''), [1, 2]).error).toMatch(/consistency\.alpha must be a finite number/);
    expect(checkStabiliseDraft({ picked: ['mutual'], knobs: {} }, [1, 2, 3]).error).toMatch(/groupSize/);
  });

  it('keeps the registry order whatever the order of picking', () => {
    const d = pickMethod(pickMethod({ picked: [], knobs: {} }, 'tiedInit', true), 'consistency', true);
    expect(d.picked).toEqual(['consistency', 'tiedInit']);
    expect(pickMethod(d, 'tiedInit', false).picked).toEqual(['consistency']);
  });
});
