import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../src/core/spec/experiment.ts';
import { CONFIRM_ABOVE_SECONDS, estimateRunSeconds, longRunQuestion } from '../../src/store/runEstimate.ts';

const hours = (s: number) => `${(s / 3600).toFixed(1)} h`;

describe('the estimate a long Start asks about', () => {
  it('nanda on wasm takes hours and asks first; tiny starts at once', () => {
    const nanda = presetSpec('nanda').transformer;
    const tiny = presetSpec('tiny').transformer;
    expect(estimateRunSeconds(nanda, 'wasm')).toBeGreaterThan(3600);
    expect(longRunQuestion(nanda, 'wasm', hours)).toMatch(/^This run will take about \d+\.\d h on wasm \(25,000 steps\) — start anyway\?$/);
    expect(estimateRunSeconds(tiny, 'wasm')).toBeLessThan(CONFIRM_ABOVE_SECONDS);
    expect(longRunQuestion(tiny, 'wasm', hours)).toBeNull();
  });

  it('grows with the steps and is slower on the cpu backend', () => {
    const tiny = presetSpec('tiny').transformer;
    const long = { ...tiny, steps: 100_000 };
    expect(estimateRunSeconds(long, 'wasm')).toBeGreaterThan(CONFIRM_ABOVE_SECONDS);
    expect(estimateRunSeconds(tiny, 'cpu')).toBeGreaterThan(estimateRunSeconds(tiny, 'wasm'));
  });
});
