import { describe, expect, it } from 'vitest';
import type { Comparison, ComparisonRow } from '../../../src/core/stabilise/controls.ts';
import { comparisonMarkdown, validateStabiliseBlock } from '../../../src/core/stabilise/comparison.ts';
import { stabilisers } from '../../../src/core/stabilise/methods.ts';
import { referenceSeeds, stabiliserFields, stabiliserNames, validateStabiliser } from '../../../src/core/stabilise/spec.ts';

describe('stabiliser spec', () => {
  it('every registered method has its spec name, a source, and knobs that exist in the field table', () => {
    expect(Object.keys(stabilisers).sort()).toEqual([...stabiliserNames].sort());
    for (const s of Object.values(stabilisers)) {
      expect(s.source.length).toBeGreaterThan(0);
      for (const k of s.knobs) expect(Object.hasOwn(stabiliserFields, k)).toBe(true);
    }
  });

  it('fills defaults, bounds every knob, and names the field of a bad value', () => {
    expect(validateStabiliser({ method: 'consistency' }).alpha).toBe(0.1);
    expect(() => validateStabiliser({ method: 'nope' })).toThrow(/stabilise\.method must be one of/);
    expect(() => validateStabiliser({ alpha: -1 })).toThrow(/stabilise\.alpha must be between 0 and 100/);
    expect(() => validateStabiliser({ typo: 1 })).toThrow(/stabilise\.typo is not a known field/);
  });

  it('keeps references held out: per-seed reference seeds, never one of the seeds compared', () => {
    const spec = validateStabiliser({ method: 'consistency', referenceSeedOffset: 10 }, [1, 2, 3]);
    expect(referenceSeeds(spec, [1, 2, 3])).toEqual([11, 12, 13]);
    expect(referenceSeeds({ ...spec, reference: 'shared' }, [1, 2, 3])).toEqual([11, 11, 11]);
    expect(() => validateStabiliser({ method: 'consistency', referenceSeedOffset: 1 }, [1, 2, 3])).toThrow(/reference seed 2 one of the seeds/);
  });

  it('mutual needs at least two equal groups (stability is measured between them)', () => {
    expect(() => validateStabiliser({ method: 'mutual', groupSize: 2 }, [1, 2, 3])).toThrow(/at least 2 groups/);
    expect(() => validateStabiliser({ method: 'mutual', groupSize: 2 }, [1, 2])).toThrow(/at least 2 groups/);
    expect(validateStabiliser({ method: 'mutual', groupSize: 2 }, [1, 2, 3, 4]).groupSize).toBe(2);
  });

  it('a stabilise block lists methods; the controls are added by the run, so init is refused', () => {
    expect(validateStabiliseBlock({ methods: [{ method: 'twoStage', stageOneFraction: 0.3 }] }, [1, 2]).methods[0].stageOneFraction).toBe(0.3);
    expect(() => validateStabiliseBlock({ methods: [] }, [1, 2])).toThrow(/non-empty list/);
    expect(() => validateStabiliseBlock({ methods: [{ method: 'plain' }] }, [1, 2])).toThrow(/plain training is always run/);
    expect(() => validateStabiliseBlock({ methods: [{ method: 'consistency', init: 'shared' }] }, [1, 2])).toThrow(/leave init out/);
    expect(() => validateStabiliseBlock({ methods: [{ method: 'consistency' }, { method: 'consistency', alpha: 0.5 }] }, [1, 2])).toThrow(/consistency twice/);
    expect(() => validateStabiliseBlock({ methods: [{ method: 'consistency', alpha: 'x' }] }, [1, 2])).toThrow(/stabilise\.methods\[0\]\.alpha/);
  });
});

describe('comparison table', () => {
  it('writes one Markdown row per arm with held-out marks, gains, the price and the answer', () => {
    const ms = (mean: number) => ({ mean, std: 0.01 });
    const row = (over: Partial<ComparisonRow>): ComparisonRow => ({
      label: 'plain', method: 'plain', init: 'own', role: 'baseline', heldOut: true, inVerdict: false, note: '', units: 3, pairs: 3,
      pwmccMax: { matrix: [], ...ms(0.5) }, pwmccOneToOne: ms(0.4), sharedFraction: null, excess: { pwmccMax: 0.1, pwmccOneToOne: -0.05 },
      verdict: null, gain: null, price: { fvu: ms(0.1), l0: ms(8), deadFraction: ms(0.2), fourierShare: null, stableFourier: null }, ...over,
    });
    const c: Comparison = {
      rows: [row({}), row({ label: 'consistency', method: 'consistency', role: 'method', gain: { over: 'plain', pwmccMax: 0.2, margin: 0.03, credited: true } })],
      answer: 'Beyond the strongest null and its baseline: consistency.',
    };
    const md = comparisonMarkdown(c).split('\n');
    expect(md[0]).toMatch(/^\| arm \| role \| held out \| PWMCC max/);
    expect(md[2]).toContain('| plain | baseline | yes | 0.500 ± 0.010 | +0.100 | 0.400 | −0.050 | — | — | 0.100 | 8.0 | 0.200 | — | — |');
    expect(md[3]).toContain('+0.200 over plain (credited)');
    expect(md).toContain(c.answer);
  });
});
