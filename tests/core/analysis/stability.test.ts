import { beforeAll, describe, expect, it } from 'vitest';
import { type Dictionary } from '../../../src/core/analysis/pairMetrics.ts';
import { pairwiseStability } from '../../../src/core/analysis/stability.ts';
import { bestMatchThreshold } from '../../../src/core/analysis/randomBaseline.ts';
import { useBackend } from '../../helpers/backend.ts';

/** Unit rows along the chosen axes of R^d (decoder = encoder). */
function axesDict(d: number, picks: number[]): Dictionary {
  const m = new Float32Array(picks.length * d);
  picks.forEach((axis, i) => (m[i * d + axis] = 1));
  return { n: picks.length, d, decoder: m, encoder: m };
}

beforeAll(async () => {
  await useBackend('wasm');
});

describe('pairwiseStability', () => {
  const d = 16;
  // Seeds 0 and 1 hold the same four directions (permuted); seed 2 shares two of them and has two of its own.
  const seeds = [axesDict(d, [0, 1, 2, 3]), axesDict(d, [3, 2, 0, 1]), axesDict(d, [0, 8, 1, 9])];

  it('fills N x N matrices (diagonal 1) and mean/std over the N(N-1)/2 pairs', async () => {
    const r = await pairwiseStability(seeds);
    const expected = [
      [1, 1, 0.5],
      [1, 1, 0.5],
      [0.5, 0.5, 1],
    ];
    for (const stat of [r.pwmccMax, r.pwmccOneToOne!, r.sharedFraction!]) {
      stat.matrix.forEach((row, a) => row.forEach((x, b) => expect(x).toBeCloseTo(expected[a][b], 6)));
      expect(stat.mean).toBeCloseTo(2 / 3, 6); // pairs: 1, 0.5, 0.5
      expect(stat.std).toBeCloseTo(Math.sqrt(((1 / 3) ** 2 + 2 * (1 / 6) ** 2) / 3), 6);
    }
  });

  it('calls a latent stable only when it is matched above chance in every other seed', async () => {
    const r = await pairwiseStability(seeds);
    expect(r.latents.threshold[0]).toBeCloseTo(bestMatchThreshold(d, 4, 0.01), 9);
    expect([...r.latents.matchedIn[0]]).toEqual([2, 2, 1, 1]);
    expect([...r.latents.stable[0]]).toEqual([1, 1, 0, 0]);
    expect([...r.latents.stable[2]]).toEqual([1, 0, 1, 0]);
    expect(r.latents.stableCount).toEqual([2, 2, 2]);
    // Best match of seed 1's latent 0 (axis 3) in seed 0 is seed 0's latent 3, with |cos| 1.
    expect(r.latents.bestMatch[1][0]!.index[0]).toBe(3);
    expect(r.latents.bestMatch[1][0]!.cos[0]).toBeCloseTo(1, 6);
    expect(r.latents.bestMatch[0][0]).toBeNull();
    // Relaxing to one other seed makes every shared direction stable.
    expect((await pairwiseStability(seeds, { minSeeds: 1 })).latents.stableCount).toEqual([4, 4, 2]);
  });

  it('leaves out the Hungarian forms when asked and the shared fraction without encoders', async () => {
    const cheap = await pairwiseStability(seeds, { maxCosineOnly: true });
    expect(cheap.pwmccOneToOne).toBeNull();
    expect(cheap.sharedFraction).toBeNull();
    const noEncoders = await pairwiseStability(seeds.map(({ n, d: dim, decoder }) => ({ n, d: dim, decoder })));
    expect(noEncoders.sharedFraction).toBeNull();
    expect(noEncoders.pwmccOneToOne!.mean).toBeCloseTo(2 / 3, 6);
  });
});
