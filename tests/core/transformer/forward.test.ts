import { beforeAll, describe, expect, it } from 'vitest';
import { transformerPresets } from '../../../src/core/spec/transformer.ts';
import * as tf from '../../../src/core/tf.ts';
import { type Cache, Transformer } from '../../../src/core/transformer/model.ts';
import { initialWeights } from '../../../src/core/transformer/weights.ts';
import { useBackend } from '../../helpers/backend.ts';

describe('transformer forward', () => {
  beforeAll(() => useBackend('cpu'));

  for (const nLayers of [1, 2]) {
    it(`the last-position fast path gives the same logits as the full forward (${nLayers} layer)`, async () => {
      const spec = { ...transformerPresets.tiny, p: 7, dModel: 8, nHeads: 2, dMlp: 16, nLayers, seed: 4 };
      const model = new Transformer(spec, initialWeights(spec));
      const tokens = tf.tensor2d([1, 2, 7, 3, 6, 7, 0, 0, 7], [3, 3], 'int32');
      const cache: Cache = new Map();
      const fast = model.forward(tokens);
      const full = model.forward(tokens, new Set([`blocks.${nLayers - 1}.hook_resid_post`]), cache);
      const a = await fast.data();
      const b = await full.data();
      Array.from(a).forEach((x, i) => expect(x).toBeCloseTo(b[i], 5));
      // The hooked residual at the last position, unembedded, reproduces the logits.
      const resid = cache.get(`blocks.${nLayers - 1}.hook_resid_post`)!;
      expect(resid.shape).toEqual([3, 3, 8]);
      const manual = await tf.matMul(resid.slice([0, 2, 0], [3, 1, 8]).reshape([3, 8]), model.params.WU).data();
      Array.from(manual).forEach((x, i) => expect(x).toBeCloseTo(b[i], 5));
      tf.dispose([tokens, fast, full, ...cache.values()]);
      model.dispose();
    });
  }

  it('attention is causal: changing b does not change the residual at position a', async () => {
    const spec = { ...transformerPresets.tiny, p: 7, dModel: 8, nHeads: 2, dMlp: 16, seed: 2 };
    const model = new Transformer(spec, initialWeights(spec));
    const read = async (b: number) => {
      const cache: Cache = new Map();
      const t = tf.tensor2d([3, b, 7], [1, 3], 'int32');
      tf.dispose([t, model.forward(t, new Set(['blocks.0.hook_resid_post']), cache)]);
      const r = cache.get('blocks.0.hook_resid_post')!;
      const out = Array.from(await r.data());
      r.dispose();
      return out;
    };
    const x = await read(1);
    const y = await read(5);
    expect(y.slice(0, 8)).toEqual(x.slice(0, 8)); // position a sees only itself
    expect(y.slice(8, 16)).not.toEqual(x.slice(8, 16));
    model.dispose();
  });

  it('hook_pattern rows are causal probability distributions [B, H, 3, 3]', async () => {
    const spec = { ...transformerPresets.tiny, p: 7, dModel: 8, nHeads: 2, dMlp: 16, seed: 5 };
    const model = new Transformer(spec, initialWeights(spec));
    const cache: Cache = new Map();
    const t = tf.tensor2d([1, 4, 7, 6, 2, 7], [2, 3], 'int32');
    tf.dispose([t, model.forward(t, new Set(['blocks.0.attn.hook_pattern']), cache)]);
    const pattern = cache.get('blocks.0.attn.hook_pattern')!;
    expect(pattern.shape).toEqual([2, 2, 3, 3]);
    const p = await pattern.data();
    for (let row = 0; row < 2 * 2 * 3; row++) {
      const i = row % 3;
      const r = Array.from(p.subarray(row * 3, row * 3 + 3));
      expect(r.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      r.forEach((x, j) => (j > i ? expect(x).toBe(0) : expect(x).toBeGreaterThan(0)));
    }
    pattern.dispose();
    model.dispose();
  });
});
