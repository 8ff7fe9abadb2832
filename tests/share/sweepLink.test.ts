import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../src/share/base64url.ts';
import { deflate } from '../../src/share/compress.ts';
import { MAX_FRAGMENT_CHARS } from '../../src/share/link.ts';
import { MAX_SWEEP_JSON_BYTES, makeSweepFragment, readSweepLink } from '../../src/share/sweepLink.ts';
import { sweepDocument, validateSweep } from '../../src/core/sweep/spec.ts';

const tiny = validateSweep(JSON.parse(readFileSync('examples/tiny-sweep.json', 'utf8')));

/** A `#sweep=` link to whatever JSON text, bypassing the encoder's own checks (as a hand-made link would). */
const linkTo = async (text: string) => `#sweep=1.${encodeBase64url(await deflate(new TextEncoder().encode(text)))}`;
const errorOf = async (hash: string) => {
  const read = await readSweepLink(hash);
  if (read === null || read.ok) throw new Error(`expected a refusal, got ${JSON.stringify(read)?.slice(0, 80)}`);
  return read.error;
};

describe('sweep links', () => {
  it('round-trips the tiny sweep exactly, and its link is short', async () => {
    const fragment = await makeSweepFragment(tiny);
    expect(fragment).toMatch(/^sweep=1\.[A-Za-z0-9_-]+$/);
    expect(fragment.length).toBeLessThan(1200);
    expect(await readSweepLink(`#${fragment}`)).toEqual({ ok: true, sweep: tiny });
    // Percent-encoded by a mail client, and beside teaching options: still the same sweep.
    expect(await readSweepLink(`#run=0&${fragment.replace('1.', '1%2E')}`)).toEqual({ ok: true, sweep: tiny });
  });

  it('is not a sweep link without a sweep= part', async () => {
    expect(await readSweepLink('')).toBeNull();
    expect(await readSweepLink('#spec=1.abc&run=0')).toBeNull();
  });

  it('refuses malformed links with a sentence saying what is wrong', async () => {
    const good = `#${await makeSweepFragment(tiny)}`;
    expect(await errorOf('#sweep=abc')).toMatch(/does not start with a format version/);
    expect(await errorOf(good.replace('sweep=1.', 'sweep=2.'))).toMatch(/link format 2; this lab reads format 1/);
    expect(await errorOf('#sweep=1.***')).toMatch(/not valid base64url/);
    expect(await errorOf(good.slice(0, good.length - 12))).toMatch(/corrupt or cut short/);
    expect(await errorOf(`${good}&${good.slice(1)}`)).toMatch(/repeats its sweep= part/);
    expect(await errorOf(`${good}&spec=1.abc`)).toMatch(/both an experiment \(spec=\) and a sweep/);
    expect(await errorOf(await linkTo('not json'))).toMatch(/not JSON text/);
  });

  it('refuses oversized links before decoding, and data that inflates past the cap', async () => {
    expect(await errorOf(`#sweep=1.${'A'.repeat(MAX_FRAGMENT_CHARS)}`)).toMatch(/too long \(8200 characters; a lab link has at most 8192\)/);
    expect(await errorOf(await linkTo(' '.repeat(MAX_SWEEP_JSON_BYTES + 1)))).toMatch(/expands to more than 32768 bytes/);
  });

  it('refuses invalid sweeps: a bad field, a cell out of bounds, a list sweep', async () => {
    const doc = sweepDocument(tiny);
    expect(await errorOf(await linkTo(JSON.stringify({ ...doc, extra: 1 })))).toMatch(/its sweep is invalid: sweep.extra is not a known field/);
    const outOfBounds = { ...doc, axes: [{ field: 'saes.k', values: [4, 100000] }] };
    expect(await errorOf(await linkTo(JSON.stringify(outOfBounds)))).toMatch(/its sweep is invalid: cell k-100000: saes.k must be between 1 and 1024/);
    const { axes: _axes, ...rest } = doc;
    const list = { ...rest, mode: 'list', cells: [{ 'saes.k': 4 }] };
    expect(await errorOf(await linkTo(JSON.stringify(list)))).toMatch(/list sweep/);
    await expect(makeSweepFragment(validateSweep(list))).rejects.toThrow(/only a grid sweep/);
  });

  it('will not make a link over the bound: the sweep file is the way to share it', async () => {
    // 8 axes × 20 values of 100 pseudo-random characters do not compress: far over 8,192 characters.
    let state = 7;
    const char = () => { state = (state * 48271) % 2147483647; return 'abcdefghijklmnopqrstuvwxyz0123456789'[state % 36]; };
    const words = () => Array.from({ length: 20 }, () => Array.from({ length: 100 }, char).join(''));
    const huge = { ...tiny, axes: Array.from({ length: 8 }, (_, i) => ({ field: `saes.x${i}` as const, values: words() })) };
    await expect(makeSweepFragment(huge)).rejects.toThrow(/characters \(a lab link has at most 8192\): share the sweep file instead/);
  });
});

describe('docs/links.md', () => {
  it('states the sweep link bounds the reader applies', () => {
    const page = readFileSync('docs/links.md', 'utf8');
    expect(page).toContain('#sweep=1.<data>');
    expect(page).toContain(`**${MAX_SWEEP_JSON_BYTES.toLocaleString('en-US')} bytes**`);
    expect(page).toContain(`**${MAX_FRAGMENT_CHARS.toLocaleString('en-US')} characters**`);
  });
});
