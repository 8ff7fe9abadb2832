/**
 * A generated corpus of malformed links: every one must come back as { ok: false, error } with a sentence, and none
 * may throw or leave a rejected promise behind (vitest fails a file on an unhandled rejection).
 */
import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../src/core/spec/experiment.ts';
import { encodeBase64url } from '../../src/share/base64url.ts';
import { deflate } from '../../src/share/compress.ts';
import { MAX_FRAGMENT_CHARS, MAX_JSON_BYTES, canonicalJson, makeFragment, readLink } from '../../src/share/link.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
/** A well-formed link around any JSON text: compression and base64 are valid, only the content is wrong. */
const linkOfText = async (text: string) => `#spec=1.${encodeBase64url(await deflate(bytes(text)))}`;
const linkOfJson = (value: unknown) => linkOfText(JSON.stringify(value));

/** The tiny spec as plain JSON with one change made by `edit`. */
function tinyWith(edit: (s: Record<string, any>) => void): Record<string, unknown> {
  const s = JSON.parse(canonicalJson(presetSpec('tiny')));
  edit(s);
  return s;
}

async function corpus(): Promise<{ what: string; link: string }[]> {
  const good = `#${await makeFragment(presetSpec('tiny'))}`;
  const out: { what: string; link: string }[] = [];
  const add = (what: string, link: string) => out.push({ what, link });

  // Every truncation of a real link that still has some data (shorter ones are covered by the cases below).
  const dataStart = '#spec=1.'.length;
  for (let n = dataStart; n < good.length; n++) add(`truncated to ${n}`, good.slice(0, n));
  // Wrong versions and broken prefixes.
  for (const v of ['0', '2', '99', '999999', '-1', '1.5', 'one', '', ' 1', '01x']) add(`version "${v}"`, good.replace('spec=1.', `spec=${v}.`));
  add('no version dot', good.replace('spec=1.', 'spec=1'));
  add('empty spec part', '#spec=');
  add('hide without spec', '#hide=backend');
  add('spec twice', `${good}&${good.slice(1)}`);
  // Garbage base64 and characters outside the alphabet.
  for (const junk of ['!!!!', 'AAAA====', 'a', 'abcde', '++//', '%zz', 'A'.repeat(101), ' ', '\u00e9\u00e9\u00e9\u00e9', 'AA AA']) {
    add(`garbage base64 "${junk.slice(0, 12)}"`, `#spec=1.${junk}`);
  }
  // Oversized fragments and a zip bomb (a small link that inflates past the cap).
  add('huge fragment', `#spec=1.${'A'.repeat(MAX_FRAGMENT_CHARS)}`);
  add('huge hide list', `${good}&hide=${'backend,'.repeat(2000)}`);
  add('zip bomb', await linkOfText(' '.repeat(MAX_JSON_BYTES * 64)));
  add('just over the inflate cap', await linkOfText(`"${'x'.repeat(MAX_JSON_BYTES)}"`));
  // Valid compression of things that are not JSON, or not UTF-8.
  for (const text of ['', 'hello', '{', '{"version":1,', 'undefined', 'NaN', '{version:1}', "{'a':1}", '[1,2', '\u0000']) {
    add(`not JSON: ${JSON.stringify(text)}`, await linkOfText(text));
  }
  add('not UTF-8', `#spec=1.${encodeBase64url(await deflate(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))}`);
  // JSON of the wrong shape.
  for (const value of [null, 1, 'spec', [], [1, 2], true, {}, { version: 1, transformer: [] }, { version: 1, transformer: null }, { version: 1, saes: 'topk' }]) {
    add(`wrong shape ${JSON.stringify(value)}`, await linkOfJson(value));
  }
  // Wrong types, out-of-range numbers, impossible combinations.
  const edits: [string, (s: Record<string, any>) => void][] = [
    ['spec version 2', (s) => (s.version = 2)],
    ['spec version "1"', (s) => (s.version = '1')],
    ['name not a string', (s) => (s.name = 7)],
    ['name too long', (s) => (s.name = 'x'.repeat(201))],
    ['p as string', (s) => (s.transformer.p = '23')],
    ['p too small', (s) => (s.transformer.p = 2)],
    ['p too big', (s) => (s.transformer.p = 1e9)],
    ['p fractional', (s) => (s.transformer.p = 23.5)],
    ['p null', (s) => (s.transformer.p = null)],
    ['p huge exponent', (s) => (s.transformer.p = 1e308)],
    ['lr zero', (s) => (s.transformer.lr = 0)],
    ['lr negative', (s) => (s.transformer.lr = -0.001)],
    ['lr as array', (s) => (s.transformer.lr = [0.001])],
    ['steps above max', (s) => (s.transformer.steps = 200_001)],
    ['steps bool', (s) => (s.transformer.steps = true)],
    ['seed negative', (s) => (s.transformer.seed = -1)],
    ['seed 2^31', (s) => (s.transformer.seed = 2 ** 31)],
    ['trainFraction 1', (s) => (s.transformer.trainFraction = 1)],
    ['beta2 = 1', (s) => (s.transformer.beta2 = 1)],
    ['heads do not divide d_model', (s) => (s.transformer.nHeads = 3)],
    ['memory budget', (s) => Object.assign(s.transformer, { p: 257, trainFraction: 0.95, dModel: 512, nHeads: 16, dMlp: 2048, nLayers: 2 })],
    ['SAE memory budget', (s) => {
      s.transformer.dMlp = 512;
      Object.assign(s.saes, { hook: 'mlp.hook_post', expansion: 64, seeds: [1, 2, 3, 4, 5, 6, 7, 8] });
    }],
    ['transformer extra key', (s) => (s.transformer.dmodel = 32)],
    ['top-level extra key', (s) => (s.extra = 1)],
    ['saes extra key', (s) => (s.saes.foo = 1)],
    ['saes k above latents', (s) => (s.saes.k = 1000)],
    ['saes layer beyond model', (s) => (s.saes.layer = 1)],
    ['saes hook unknown', (s) => (s.saes.hook = 'hook_embed')],
    ['saes architecture unknown', (s) => (s.saes.architecture = 'gated')],
    ['seeds empty', (s) => (s.saes.seeds = [])],
    ['seeds repeated', (s) => (s.saes.seeds = [1, 1])],
    ['seeds too many', (s) => (s.saes.seeds = Array.from({ length: 17 }, (_, i) => i))],
    ['seeds not a list', (s) => (s.saes.seeds = '1,2')],
    ['seeds with a float', (s) => (s.saes.seeds = [1, 2.5])],
    ['seeds nested', (s) => (s.saes.seeds = [[1]])],
    ['batchSize 0', (s) => (s.saes.batchSize = 0)],
    ['epochs too many', (s) => (s.saes.epochs = 10_001)],
    ['deadWindow 0', (s) => (s.saes.deadWindow = 0)],
  ];
  for (const [what, edit] of edits) add(what, await linkOfJson(tinyWith(edit)));
  // Prototype and constructor keys at every level, as JSON.parse makes them (own properties).
  for (const key of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']) {
    const inject = (level: string) => {
      const base = canonicalJson(presetSpec('tiny'));
      const target = level === 'top' ? '{' : `"${level}":{`;
      return base.replace(target, `${target}"${key}":${key === '__proto__' ? '{"polluted":1}' : '1'},`);
    };
    for (const level of ['top', 'transformer', 'saes']) add(`${key} key in ${level}`, await linkOfText(inject(level)));
  }
  // Hide keys that do not exist.
  for (const hide of ['nope', 'transformer.nope', '__proto__', 'constructor', 'transformer', 'backend,,backend', 'saes.k,', 'toString']) {
    add(`hide "${hide}"`, `${good}&hide=${hide}`);
  }
  return out;
}

describe('malformed share links', () => {
  it('answers every link of a generated corpus (200+) with a clear error and never throws', async () => {
    const links = await corpus();
    expect(links.length).toBeGreaterThanOrEqual(200);
    for (const { what, link } of links) {
      const read = await readLink(link);
      expect(read, what).not.toBeNull();
      if (read === null || read.ok) throw new Error(`"${what}" was accepted: ${link.slice(0, 80)}`);
      expect(read.error, what).toMatch(/^(it|its) .{8,}/);
      expect(read.error.length, what).toBeLessThan(400);
      if (process.env.SHOW_ERRORS) console.log(`${what} → ${read.error}`);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses every single-bit flip of a real link, or decodes it to exactly the original spec', async () => {
    const spec = presetSpec('tiny');
    const good = `#${await makeFragment(spec)}`;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const dataStart = '#spec=1.'.length;
    let refused = 0;
    let flips = 0;
    for (let i = dataStart; i < good.length; i++) {
      const v = alphabet.indexOf(good[i]);
      for (let bit = 0; bit < 6; bit++) {
        const link = good.slice(0, i) + alphabet[v ^ (1 << bit)] + good.slice(i + 1);
        const read = await readLink(link);
        flips++;
        if (read?.ok) expect(read.spec, `flip of bit ${bit} at ${i}`).toEqual(spec);
        else refused++;
      }
    }
    // Only bits no decoder reads may survive: the last character's base64 padding (at most 4) and the bits after
    // deflate's end-of-block code in its final byte (at most 7); any other flip breaks the stream or its Adler-32.
    expect(flips).toBeGreaterThan(1000);
    expect(flips - refused).toBeLessThanOrEqual(11);
  });
});
