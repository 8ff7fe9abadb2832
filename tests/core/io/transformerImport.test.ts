import { beforeAll, describe, expect, it } from 'vitest';
import { encodeSafetensors } from '../../../src/core/io/safetensors.ts';
import { decodeTransformer, encodeTransformer, transformerConfig } from '../../../src/core/io/transformerFiles.ts';
import { pickTransformerFiles, readTransformerImport } from '../../../src/core/io/transformerImport.ts';
import { SpecError } from '../../../src/core/spec/fields.ts';
import { type TransformerSpec, transformerPresets } from '../../../src/core/spec/transformer.ts';
import * as tf from '../../../src/core/tf.ts';
import { Transformer } from '../../../src/core/transformer/model.ts';
import type { WeightMap } from '../../../src/core/transformer/weights.ts';
import { useBackend } from '../../helpers/backend.ts';
import { type Dtype, encodeAs, gridWeights, tlBiases, tlConfig, tlFixture, tlLogitsPlain } from '../../helpers/transformerLens.ts';

const spec: TransformerSpec = { ...transformerPresets.tiny, p: 7, dModel: 8, nHeads: 2, dMlp: 16, seed: 4 };
const json = (x: unknown) => new TextEncoder().encode(JSON.stringify(x));
const files = (config: unknown, bytes: Uint8Array, weightsName = 'model.safetensors') => [
  { path: 'config.json', bytes: typeof config === 'string' ? new TextEncoder().encode(config) : json(config) },
  { path: weightsName, bytes },
];

/** Logits [p², p] of every input, read back as plain numbers. */
async function allLogits(s: TransformerSpec, weights: WeightMap): Promise<Float32Array> {
  const model = new Transformer(s, weights);
  const tokens: number[] = [];
  for (let a = 0; a < s.p; a++) for (let b = 0; b < s.p; b++) tokens.push(a, b, s.p);
  const t = tf.tensor2d(tokens, [s.p * s.p, 3], 'int32');
  const logits = model.forward(t);
  const out = (await logits.data()) as Float32Array;
  tf.dispose([t, logits]);
  model.dispose();
  return out;
}

describe('a TransformerLens-layout model as input', () => {
  beforeAll(() => useBackend('cpu'));

  for (const dtype of ['F32', 'F16', 'BF16', 'F64'] as Dtype[]) {
    it(`loads a TransformerLens config + ${dtype} state dict as the lab's model with the same weights: identical logits`, async () => {
      const { config, bytes, weights } = tlFixture(spec, dtype);
      const got = readTransformerImport(files(config, bytes), spec);
      expect(got.splitKnown).toBe(false);
      expect(got.spec).toEqual(spec); // architecture from config.json, training fields from the recipe
      expect(got.notes.join(' ')).toMatch(/ignored buffers blocks\.0\.attn\.mask, blocks\.0\.attn\.IGNORE/);
      if (dtype !== 'F32') expect(got.notes.join(' ')).toContain(`converted ${dtype} to float32`);
      expect(Object.keys(got.weights).sort()).toEqual(Object.keys(weights).sort());
      expect(await allLogits(got.spec, got.weights)).toEqual(await allLogits(spec, weights));
    });
  }

  it('agrees with an independent float64 TransformerLens forward pass, a nonzero b_K included (dropped exactly)', async () => {
    const bK = new Float32Array(8).map((_, i) => (i - 3) / 4);
    const { config, bytes } = tlFixture(spec, 'F32', bK);
    const got = readTransformerImport(files(config, bytes), spec);
    expect(got.notes.join(' ')).toMatch(/blocks\.0\.attn\.b_K dropped/);
    const lab = await allLogits(got.spec, got.weights);
    const tl = { ...gridWeights(spec), ...tlBiases(spec, { 'blocks.0.attn.b_K': bK }) };
    for (const [a, b] of [[0, 0], [3, 5], [6, 2], [4, 4]]) {
      const ref = tlLogitsPlain(tl, spec, a, b);
      ref.forEach((x, c) => expect(lab[(a * spec.p + b) * spec.p + c]).toBeCloseTo(x, 4));
    }
  });

  it('reads a 2-layer model; the recipe gives only the training fields', () => {
    const two = { ...spec, nLayers: 2 };
    const { config, bytes } = tlFixture(two);
    const got = readTransformerImport(files(config, bytes), { ...transformerPresets.nanda, steps: 5 });
    expect(got.spec).toMatchObject({ p: 7, nLayers: 2, dModel: 8, nHeads: 2, dMlp: 16, steps: 5, trainFraction: 0.3 });
  });

  it('still loads what the lab itself writes, exactly as before (round trip, split known, nothing noted)', () => {
    const weights = gridWeights(spec);
    const config = JSON.parse(JSON.stringify(transformerConfig(spec)));
    const back = decodeTransformer(config, encodeTransformer(spec, weights));
    expect(back).toEqual({ spec, weights, splitKnown: true, notes: [] });
    // The page's downloads are named transformer__config.json, transformer__model.safetensors.
    const viaFiles = readTransformerImport([
      { path: 'transformer__config.json', bytes: json(config) },
      { path: 'transformer__model.safetensors', bytes: encodeTransformer(spec, weights) },
    ]);
    expect(viaFiles.spec).toEqual(spec);
    expect(viaFiles.files).toEqual(['transformer__config.json', 'transformer__model.safetensors']);
  });

  it('refuses a lab training block that disagrees with the TransformerLens keys', () => {
    const config = { ...transformerConfig(spec), d_mlp: 32 };
    expect(() => decodeTransformer(config, new Uint8Array())).toThrow(/training.dMlp is 16 but the TransformerLens keys say 32/);
  });

  describe('refuses, saying why', () => {
    const base = tlFixture(spec);
    const tl = { ...gridWeights(spec), ...tlBiases(spec) };
    const without = (name: string) => Object.fromEntries(Object.entries(tl).filter(([n]) => n !== name));
    const cases: [string, unknown, Uint8Array, RegExp][] = [
      ['a missing weight', base.config, encodeSafetensors(without('blocks.0.mlp.W_in')), /lacks blocks\.0\.mlp\.W_in \(shape \[8,16\]\)/],
      ['a wrong shape', base.config, encodeSafetensors({ ...tl, 'pos_embed.W_pos': { shape: [4, 8], data: new Float32Array(32) } }), /pos_embed\.W_pos has shape \[4,8\], expected \[3,8\]/],
      ['LayerNorm in config.json', tlConfig(spec, { normalization_type: 'LN' }), base.bytes, /normalization_type is "LN"; the lab's transformer has no LayerNorm/],
      ['LayerNorm weights in the file', base.config, encodeSafetensors({ ...tl, 'ln_final.w': { shape: [8], data: new Float32Array(8).fill(1) } }), /ln_final\.w, LayerNorm weights/],
      ['a nonzero b_Q', base.config, encodeSafetensors({ ...tl, ...tlBiases(spec, { 'blocks.0.attn.b_Q': new Float32Array(8).fill(0.5) }) }), /blocks\.0\.attn\.b_Q is not zero \(largest \|value\| 0\.500\)/],
      ['a nonzero b_U', base.config, encodeSafetensors({ ...tl, ...tlBiases(spec, { 'unembed.b_U': new Float32Array(7).fill(-1) }) }), /unembed\.b_U is not zero/],
      ['a NaN weight', base.config, encodeSafetensors({ ...tl, 'blocks.0.mlp.b_out': { shape: [8], data: new Float32Array(8).fill(NaN) } }), /blocks\.0\.mlp\.b_out holds NaN or infinite values/],
      ['a second block the config lacks', base.config, encodeAs({ ...tl, 'blocks.1.mlp.b_in': { shape: [16], data: new Float32Array(16) } }, 'F32'), /blocks\.1\.mlp\.b_in, which a 1-layer model of the lab does not have/],
      ['a missing config key', (({ d_mlp: _, ...rest }) => rest)(base.config), base.bytes, /config.json lacks d_mlp/],
      ['gelu', tlConfig(spec, { act_fn: 'gelu' }), base.bytes, /act_fn is "gelu"; the lab's MLP uses relu/],
      ['a longer context', tlConfig(spec, { n_ctx: 4 }), base.bytes, /n_ctx is 4; the lab's inputs are \[a, b, =\], n_ctx 3/],
      ['d_vocab_out ≠ d_vocab − 1', tlConfig(spec, { d_vocab_out: 8 }), base.bytes, /d_vocab_out is 8; with d_vocab 8 \(p = 7/],
      ['d_vocab_out −1 (as many outputs as inputs)', tlConfig(spec, { d_vocab_out: -1 }), base.bytes, /d_vocab_out is -1 \(TransformerLens: as many outputs as d_vocab, 8\)/],
      ['rotary positions', tlConfig(spec, { positional_embedding_type: 'rotary' }), base.bytes, /positional_embedding_type is "rotary"/],
      ['an unsupported dtype', base.config, (() => {
        const b = encodeAs({ 'embed.W_E': tl['embed.W_E'] }, 'F16');
        const text = new TextDecoder().decode(b);
        return new TextEncoder().encode(text.replace('"F16"', '"I16"'));
      })(), /embed\.W_E: unsupported dtype "I16"/],
      ['a file that is not safetensors', base.config, new TextEncoder().encode('hello'), /model\.safetensors: file too short/],
      ['bad JSON', '{"n_layers": 1,', base.bytes, /config\.json is not valid JSON/],
    ];
    for (const [what, config, bytes, message] of cases) {
      it(what, () => {
        expect(() => readTransformerImport(files(config, bytes), spec)).toThrow(SpecError);
        expect(() => readTransformerImport(files(config, bytes), spec)).toThrow(message);
      });
    }
  });

  it('finds the two files among those chosen, and says which is missing or ambiguous', () => {
    const f = (path: string) => ({ path });
    expect(pickTransformerFiles([f('m/config.json'), f('m/weights.safetensors'), f('m/checkpoint.saelab')])).toEqual({ config: f('m/config.json'), weights: f('m/weights.safetensors') });
    expect(pickTransformerFiles([f('config.json'), f('a.safetensors'), f('model.safetensors')]).weights).toEqual(f('model.safetensors'));
    expect(() => pickTransformerFiles([f('model.safetensors')])).toThrow(/no config\.json/);
    expect(() => pickTransformerFiles([f('config.json')])).toThrow(/no \.safetensors file/);
    expect(() => pickTransformerFiles([f('config.json'), f('a.safetensors'), f('b.safetensors')])).toThrow(/2 safetensors files/);
    expect(() => pickTransformerFiles([f('a/config.json'), f('b/config.json'), f('a/model.safetensors')])).toThrow(/2 config\.json files/);
  });
});
