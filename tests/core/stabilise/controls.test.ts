import { beforeAll, describe, expect, it } from 'vitest';
import { transpose } from '../../../src/core/analysis/cosine.ts';
import type { NullLevel } from '../../../src/core/analysis/nullVerdict.ts';
import type { Dictionary } from '../../../src/core/analysis/pairMetrics.ts';
import { Rng } from '../../../src/core/rng.ts';
import { type Arm, type SeedOutcome, compareArms, fvuLimit, heldOutStability, pairMeasures } from '../../../src/core/stabilise/controls.ts';
import { type StabilisedSeed, trainReferences, trainStabilised } from '../../../src/core/stabilise/run.ts';
import { type StabiliserSpec, stabiliserDefaults } from '../../../src/core/stabilise/spec.ts';
import { useBackend } from '../../helpers/backend.ts';
import { plantedData, smallSpec } from '../sae/synthetic.ts';

const dictOf = (w: { W_dec: Float32Array; W_enc: Float32Array; dSae: number; dIn: number }): Dictionary =>
  ({ n: w.dSae, d: w.dIn, decoder: w.W_dec, encoder: transpose(w.W_enc, w.dIn, w.dSae) });
const outcome = (s: StabilisedSeed): SeedOutcome => ({
  seed: s.seed, group: s.group, dictionary: dictOf(s.weights), fvu: s.metrics.fvu, l0: s.metrics.l0, deadFraction: s.metrics.deadFraction, fourierShare: null,
});
const randomDict = (seed: number, n: number, d: number): Dictionary => ({ n, d, decoder: new Rng(seed, 5).normals(n * d) });
/** A null level far below everything trained here, so that the verdict turns on the controls alone. */
const nulls: Record<'isotropic', NullLevel> = {
  isotropic: { pwmccMax: { mean: 0.3, std: 0.01 }, pwmccOneToOne: { mean: 0.2, std: 0.01 }, label: 'isotropic chance (test level)' },
};

describe('held-out stability', () => {
  it('counts only pairs between groups: two groups of identical twins score their cross pairs, not 1', () => {
    const [a, b] = [randomDict(1, 6, 4), randomDict(2, 6, 4)];
    const seeds = [a, a, b, b].map((dictionary, i): SeedOutcome => ({ seed: i, group: i < 2 ? 0 : 1, dictionary, fvu: 0, l0: 0, deadFraction: 0, fourierShare: null }));
    const held = heldOutStability(seeds);
    expect(held.units).toBe(2);
    expect(held.pairs).toBe(4);
    expect(held.pwmccMax.mean).toBeCloseTo(pairMeasures(a, b).pwmccMax, 10);
    expect(held.pwmccMax.mean).toBeLessThan(0.99);
    // Scored seed by seed (each its own group) the twins would count as perfectly stable pairs.
    const ungrouped = heldOutStability(seeds.map((s, i) => ({ ...s, group: i })));
    expect(Math.max(...ungrouped.pwmccMax.matrix[0].filter((_, j) => j > 0))).toBeCloseTo(1, 6);
  });
});

describe('the comparison on planted data', () => {
  const data = plantedData({ d: 8, m: 12, rows: 384, active: 2, seed: 5, offset: 0.5 });
  const sae = smallSpec({ seeds: [1, 2, 3], epochs: 6, batchSize: 64, expansion: 4, k: 3, evalEvery: 6, lr: 0.01 });
  const stab = (over: Partial<StabiliserSpec>): StabiliserSpec => ({ ...stabiliserDefaults(), referenceSeedOffset: 1000, ...over });
  let plain: StabilisedSeed[];
  let plainShared: StabilisedSeed[];
  beforeAll(async () => {
    await useBackend('cpu');
    plain = await trainStabilised({ sae, stab: stab({ method: 'plain' }), acts: data });
    plainShared = await trainStabilised({ sae, stab: stab({ method: 'plain', init: 'shared' }), acts: data });
  });

  /** A "method" that only copies each seed's reference decoder (its own seed's, or one shared reference). */
  async function copier(reference: 'perSeed' | 'shared'): Promise<Arm> {
    const refs = await trainReferences({ sae, stab: stab({ reference }), acts: data });
    const seeds = plain.map((s, i) => ({ ...outcome(s), dictionary: dictOf(refs[i]) }));
    return { method: 'consistency', init: 'own', reference, seeds, references: refs.map(dictOf) };
  }

  it('a method that only copies its reference earns nothing held out, and its own-reference score is labelled and excluded', async () => {
    const baseline: Arm = { method: 'plain', init: 'own', seeds: plain.map(outcome) };
    const shared: Arm = { method: 'plain', init: 'shared', seeds: plainShared.map(outcome) };
    const [perSeed, oneRef] = [await copier('perSeed'), await copier('shared')];
    const { rows, answer } = compareArms([baseline, shared, perSeed, oneRef], nulls);
    const row = (label: string) => rows.find((r) => r.label === label)!;
    const held = row('consistency');
    // Copies of plain references of other seeds agree as much as plain SAEs do: no gain is credited.
    expect(held.inVerdict).toBe(true);
    expect(Math.abs(held.gain!.pwmccMax)).toBeLessThan(held.gain!.margin + 0.05);
    expect(held.gain!.credited).toBe(false);
    // Against its own reference the copier is perfect — shown, labelled, never judged.
    const own = row('consistency vs its own reference');
    expect(own.pwmccMax.mean).toBeCloseTo(1, 5);
    expect(own.role).toBe('ownReference');
    expect(own.inVerdict).toBe(false);
    // With one shared reference the copies agree perfectly with each other: a trivial win, marked as not held out.
    const trivial = row('consistency · shared reference');
    expect(trivial.pwmccMax.mean).toBeCloseTo(1, 5);
    expect(trivial.pwmccMax.mean).toBeGreaterThan(held.pwmccMax.mean + 0.1);
    expect(trivial.heldOut).toBe(false);
    expect(trivial.inVerdict).toBe(false);
    expect(trivial.gain).toBeNull();
    expect(answer).toMatch(/^None of consistency makes SAEs agree/);
  });

  it('shared initialisation alone raises stability (the control shows how much), and the price is reported per row', () => {
    const { rows } = compareArms([{ method: 'plain', init: 'own', seeds: plain.map(outcome) }, { method: 'plain', init: 'shared', seeds: plainShared.map(outcome) }], nulls);
    const [own, shared] = rows;
    expect(shared.role).toBe('control');
    expect(shared.pwmccMax.mean).toBeGreaterThan(own.pwmccMax.mean);
    expect(own.price.fvu.mean).toBeCloseTo(plain.reduce((a, s) => a + s.metrics.fvu, 0) / 3, 10);
    expect(own.verdict?.against).toBe('isotropic');
    expect(own.excess.pwmccMax).toBeCloseTo(own.pwmccMax.mean - 0.3, 10);
  });

  it('credits a method that really agrees beyond plain training, and judges a shared-by-construction init against plain · shared init', () => {
    // Stand-ins with known stability: the planted dictionary itself (plus per-seed noise) is far more stable than plain.
    const noisy = (seed: number) => {
      const rng = new Rng(seed, 9);
      const w = Float32Array.from(data.dictionary, (x) => x + 0.02 * rng.normal());
      return { n: 12, d: 8, decoder: w } satisfies Dictionary;
    };
    const good: Arm = { method: 'mutual', init: 'own', seeds: plain.map((s, i) => ({ ...outcome(s), dictionary: noisy(i) })) };
    const fourier: Arm = { method: 'fourierInit', init: 'own', seeds: plainShared.map(outcome) };
    const { rows, answer } = compareArms([
      { method: 'plain', init: 'own', seeds: plain.map(outcome) }, { method: 'plain', init: 'shared', seeds: plainShared.map(outcome) }, good, fourier,
    ], nulls);
    const mutual = rows.find((r) => r.method === 'mutual')!;
    expect(mutual.gain!.credited).toBe(true);
    const f = rows.find((r) => r.method === 'fourierInit')!;
    expect(f.gain!.over).toBe('plain · shared init');
    expect(f.gain!.pwmccMax).toBeCloseTo(0, 10); // exactly what shared init alone gives
    expect(f.gain!.credited).toBe(false);
    expect(answer).toMatch(/^Beyond the strongest null and its baseline: mutual \(\+/);

    // The same agreement bought with reconstruction (FVU far above plain's) is shown but not credited.
    const plainFvu = plain.reduce((a, s) => a + s.metrics.fvu, 0) / plain.length;
    const broken: Arm = { ...good, seeds: good.seeds.map((x) => ({ ...x, fvu: fvuLimit(plainFvu) + 0.5 })) };
    const priced = compareArms([{ method: 'plain', init: 'own', seeds: plain.map(outcome) }, broken], nulls);
    const m = priced.rows.find((r) => r.method === 'mutual')!;
    expect(m.gain!.pwmccMax).toBeCloseTo(mutual.gain!.pwmccMax, 10);
    expect(m.gain!.reconstructs).toBe(false);
    expect(m.gain!.credited).toBe(false);
    expect(priced.answer).toMatch(/^None of mutual makes SAEs agree .* while still reconstructing\. mutual gains \+[\d.]+ PWMCC but reconstructs far worse \(FVU [\d.]+ against [\d.]+\): not credited\.$/);
  });
});
