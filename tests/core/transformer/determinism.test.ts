import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../../src/core/data.ts';
import { transformerPresets } from '../../../src/core/spec/transformer.ts';
import { Transformer } from '../../../src/core/transformer/model.ts';
import { type WeightMap, initialWeights } from '../../../src/core/transformer/weights.ts';
import { useBackend } from '../../helpers/backend.ts';

const spec = { ...transformerPresets.tiny, seed: 7 };

async function weightsOn(backend: 'cpu' | 'wasm', seed: number): Promise<WeightMap> {
  await useBackend(backend);
  const model = new Transformer({ ...spec, seed }, initialWeights({ ...spec, seed }));
  const w = await model.weights();
  model.dispose();
  return w;
}

const bits = (w: WeightMap) => Object.entries(w).map(([k, v]) => [k, v.shape, Array.from(new Uint32Array(v.data.buffer, v.data.byteOffset, v.data.length))]);

describe('determinism', () => {
  it('same seed gives bit-identical initial weights on cpu and wasm; another seed differs', async () => {
    const cpu = await weightsOn('cpu', 7);
    const wasm = await weightsOn('wasm', 7);
    expect(bits(wasm)).toEqual(bits(cpu));
    const other = await weightsOn('wasm', 8);
    expect(Object.keys(other)).toEqual(Object.keys(cpu));
    for (const name of Object.keys(cpu)) {
      if (name.includes('.b_')) continue; // biases start at zero for every seed
      expect(Array.from(other[name].data), name).not.toEqual(Array.from(cpu[name].data));
    }
  });

  it('initial weights have the SCIENCE.md §1 scales', () => {
    const big = { ...transformerPresets.nanda, seed: 1 };
    const w = initialWeights(big);
    const std = (a: Float32Array) => Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);
    expect(std(w['blocks.0.mlp.W_in'].data)).toBeCloseTo(1 / Math.sqrt(128), 2);
    expect(std(w['unembed.W_U'].data)).toBeCloseTo(1 / Math.sqrt(114), 2);
    expect(w['embed.W_E'].shape).toEqual([114, 128]);
    expect(w['blocks.0.attn.W_Q'].shape).toEqual([4, 128, 32]);
  });

  it('the data split is a seeded partition of all p² pairs', () => {
    const a = makeDataset(23, 0.3, 5);
    const b = makeDataset(23, 0.3, 5);
    const c = makeDataset(23, 0.3, 6);
    expect(Array.from(a.trainIdx)).toEqual(Array.from(b.trainIdx));
    expect(Array.from(a.trainIdx)).not.toEqual(Array.from(c.trainIdx));
    expect(a.trainIdx.length).toBe(158); // floor(0.3 · 529)
    const all = new Set([...a.trainIdx, ...a.testIdx]);
    expect(all.size).toBe(529);
    expect(a.allLabels[5 * 23 + 20]).toBe((5 + 20) % 23);
  });
});
