import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/core/data.ts';
import { type ExperimentSpec, presetNames, presetSpec } from '../../src/core/spec/experiment.ts';
import { initialWeights } from '../../src/core/transformer/weights.ts';
import { hideKeys } from '../../src/share/hide.ts';
import { MAX_FRAGMENT_CHARS, decodeSpec, encodeSpec, makeFragment, readLink } from '../../src/share/link.ts';
import { randomValidSpec } from './randomSpec.ts';

async function roundTrip(spec: ExperimentSpec, hide: string[] = []) {
  const read = await readLink(`#${await makeFragment(spec, hide)}`);
  if (!read?.ok) throw new Error(`link did not read back: ${read?.error}`);
  return read;
}

/** Object.is on every leaf: toEqual alone would let -0 pass for 0. */
function expectIdentical(a: unknown, b: unknown): void {
  expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  expect(b).toEqual(a);
}

describe('share links', () => {
  for (const name of presetNames) {
    it(`round-trips the ${name} preset exactly`, async () => {
      const spec = presetSpec(name);
      expectIdentical(spec, (await roundTrip(spec)).spec);
    });
  }

  it('round-trips 300 random valid specs exactly (full-precision floats, edge values, odd names)', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const spec = randomValidSpec(seed);
      const back = (await roundTrip(spec)).spec;
      expectIdentical(spec, back);
    }
  });

  it('makes one link per experiment: key order and whitespace of the input do not change it', async () => {
    const spec = presetSpec('tiny');
    const shuffled = JSON.parse(JSON.stringify({ saes: spec.saes, transformer: spec.transformer, name: spec.name, version: 1 }));
    expect(await encodeSpec(shuffled)).toBe(await encodeSpec(spec));
  });

  it('refuses to make a link from an invalid spec', async () => {
    const spec = presetSpec('tiny');
    spec.transformer.p = 2;
    await expect(encodeSpec(spec)).rejects.toThrow(/transformer.p must be between/);
  });

  it('carries hide keys in canonical order without duplicates, and every key fits in the length cap', async () => {
    const read = await roundTrip(presetSpec('tiny'), ['transformer.lr', 'backend', 'transformer.lr', 'saes.arch']);
    expect(read.hide).toEqual(['saes.arch', 'backend', 'transformer.lr']);
    // The largest link the page can make: the longest name of characters JSON escapes, 16 ten-digit seeds, every hide key.
    const big = presetSpec('nanda');
    big.name = '\u0001'.repeat(200);
    big.saes = { ...presetSpec('tiny').saes!, seeds: Array.from({ length: 16 }, (_, i) => 2 ** 31 - 1 - i) };
    const fragment = await makeFragment(big, [...hideKeys]);
    expect(fragment.length).toBeLessThan(MAX_FRAGMENT_CHARS / 2);
    expectIdentical(big, (await roundTrip(big, [...hideKeys])).spec);
  });

  it('is not a link when the fragment holds no spec (plain anchors stay anchors)', async () => {
    expect(await readLink('')).toBeNull();
    expect(await readLink('#')).toBeNull();
    expect(await readLink('#section-saes')).toBeNull();
  });

  it('reads a link whose parts were percent-encoded by a mail client', async () => {
    const fragment = await makeFragment(presetSpec('tiny'), ['backend', 'transformer.lr']);
    const read = await readLink(`#${fragment.replace(',', '%2C')}`);
    expect(read?.ok && read.hide).toEqual(['backend', 'transformer.lr']);
  });

  it('decoded spec gives bit-identical initial weights and data split (and a changed seed would not)', async () => {
    const spec = presetSpec('tiny');
    spec.transformer.seed = 12345;
    spec.transformer.trainFraction = 0.37;
    const back = (await decodeSpec(await encodeSpec(spec)));
    if (!back.ok) throw new Error(back.error);
    const a = initialWeights(spec.transformer);
    const b = initialWeights(back.spec.transformer);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const name of Object.keys(a)) {
      expect(b[name].shape).toEqual(a[name].shape);
      expect(new Uint8Array(b[name].data.buffer)).toEqual(new Uint8Array(a[name].data.buffer));
    }
    const split = makeDataset(spec.transformer.p, spec.transformer.trainFraction, spec.transformer.seed);
    const splitBack = makeDataset(back.spec.transformer.p, back.spec.transformer.trainFraction, back.spec.transformer.seed);
    expect(splitBack.trainIdx).toEqual(split.trainIdx);
    expect(splitBack.testIdx).toEqual(split.testIdx);
    // The comparison can fail: the next seed draws other weights and another split.
    const other = { ...spec.transformer, seed: 12346 };
    expect(initialWeights(other)['embed.W_E'].data).not.toEqual(a['embed.W_E'].data);
    expect(makeDataset(other.p, other.trainFraction, other.seed).trainIdx).not.toEqual(split.trainIdx);
  });
});
