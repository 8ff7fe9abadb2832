import { beforeAll, describe, expect, it } from 'vitest';
import { type Dictionary, pwmccMax, pwmccOneToOne, sharedFraction } from '../../../src/core/analysis/pairMetrics.ts';
import { bestMatchCosines, pairwiseStability } from '../../../src/core/analysis/stability.ts';
import { featureFamilies } from '../../../src/core/analysis/families.ts';
import { Rng } from '../../../src/core/rng.ts';
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

describe('pairwiseStability against the pair functions', () => {
  it('fills each matrix entry with the pair measure computed on its own (random, partly shared dictionaries)', async () => {
    const rng = new Rng(21);
    const [n, d] = [48, 12];
    const common = rng.normals(n * d);
    const seeds: Dictionary[] = Array.from({ length: 3 }, (_, s) => {
      // Seed s keeps the first 16 + 8s common directions (lightly perturbed) and draws the rest afresh.
      const make = () => Float32Array.from({ length: n * d }, (_, k) => (k < (16 + 8 * s) * d ? common[k] + 0.1 * rng.normal() : rng.normal()));
      return { n, d, decoder: make(), encoder: make() };
    });
    const r = await pairwiseStability(seeds);
    for (let a = 0; a < 3; a++) {
      for (let b = a + 1; b < 3; b++) {
        expect(r.pwmccMax.matrix[a][b]).toBeCloseTo(await pwmccMax(seeds[a], seeds[b]), 6);
        expect(r.pwmccOneToOne!.matrix[b][a]).toBeCloseTo(await pwmccOneToOne(seeds[a], seeds[b]), 6);
        expect(r.sharedFraction!.matrix[a][b]).toBe((await sharedFraction(seeds[a], seeds[b])).fraction);
      }
    }
    expect(r.sharedFraction!.matrix[0][1]).toBeGreaterThan(0.2);
    expect(bestMatchCosines(r.latents).length).toBe(3 * 2 * n);
  });
});

describe('featureFamilies', () => {
  it('links mutual above-chance best matches into families and leaves the rest as orphans', async () => {
    const d = 16;
    // Axis 0 is in all three seeds, axis 1 in seeds 0 and 1, axes 8, 9, 10 in one seed each.
    const seeds = [axesDict(d, [0, 1, 8]), axesDict(d, [1, 0, 9]), axesDict(d, [10, 0])];
    const { families, orphans, familyCountBySeeds } = featureFamilies((await pairwiseStability(seeds)).latents);
    expect(families.map((f) => f.members)).toEqual([
      [{ seed: 0, latent: 0 }, { seed: 1, latent: 1 }, { seed: 2, latent: 1 }],
      [{ seed: 0, latent: 1 }, { seed: 1, latent: 0 }],
    ]);
    expect(families.map((f) => f.seedCount)).toEqual([3, 2]);
    expect(families[0].meanCos).toBeCloseTo(1, 6);
    expect(orphans).toEqual([{ seed: 0, latent: 2 }, { seed: 1, latent: 2 }, { seed: 2, latent: 0 }]);
    expect(familyCountBySeeds).toEqual([0, 0, 1, 1]);
  });
});
