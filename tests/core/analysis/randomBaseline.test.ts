import { beforeAll, describe, expect, it } from 'vitest';
import { absCosineTail, bestMatchThreshold, randomBaseline } from '../../../src/core/analysis/randomBaseline.ts';
import { useBackend } from '../../helpers/backend.ts';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('random baseline', () => {
  // One pair of random 1024-latent dictionaries: over seeds 0-2 the max-cosine form spread 0.2991-0.2997 and the
  // one-to-one form 0.2887-0.2891, so +-0.005 around SCIENCE.md's values is ~10 standard deviations of sampling.
  it('matches the published chance levels for d = 128, n = 1024 (max-cosine 0.298, one-to-one 0.288)', async () => {
    const r = await randomBaseline(128, 1024, { trials: 1, seed: 7 });
    expect(Math.abs(r.pwmccMax.mean - 0.298)).toBeLessThan(0.005);
    expect(Math.abs(r.pwmccOneToOne!.mean - 0.288)).toBeLessThan(0.005);
    // The p < 0.01 best-match level: ~0.38 analytically, and the simulated 99th percentile agrees.
    expect(Math.abs(r.bestMatchThreshold - 0.38)).toBeLessThan(0.005);
    expect(Math.abs(r.bestMatchThresholdSimulated - r.bestMatchThreshold)).toBeLessThan(0.015);
    expect(r.bestMatchHistogram.total).toBe(2 * 1024);
  });

  it('is deterministic for a seed and changes with it', async () => {
    const a = await randomBaseline(16, 64, { seed: 1 });
    const b = await randomBaseline(16, 64, { seed: 1 });
    const c = await randomBaseline(16, 64, { seed: 2 });
    expect(a.pwmccMax.values).toEqual(b.pwmccMax.values);
    expect(a.pwmccMax.values).not.toEqual(c.pwmccMax.values);
  });

  it('has the exact |cos| tail in closed-form cases (d = 2: uniform angle, d = 3: uniform |cos|)', () => {
    for (const x of [0.1, 0.5, 0.9]) {
      expect(absCosineTail(x, 3)).toBeCloseTo(1 - x, 8);
      expect(absCosineTail(x, 2)).toBeCloseTo(1 - Math.asin(x) / (Math.PI / 2), 8);
    }
    // d = 3, one random vector: P(|cos| > x) = 1 - x, so the 0.01 level is 0.99; for n vectors it is 0.99^(1/n).
    expect(bestMatchThreshold(3, 1, 0.01)).toBeCloseTo(0.99, 8);
    expect(bestMatchThreshold(3, 10, 0.01)).toBeCloseTo(0.99 ** (1 / 10), 8);
  });
});
