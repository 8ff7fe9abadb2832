import { describe, expect, it } from 'vitest';
import { collectActivations, positionsRead } from '../../../src/core/sae/activations.ts';
import { transformerPresets } from '../../../src/core/spec/transformer.ts';
import * as tf from '../../../src/core/tf.ts';
import { type Cache, Transformer } from '../../../src/core/transformer/model.ts';
import { initialWeights } from '../../../src/core/transformer/weights.ts';
import { useBackend } from '../../helpers/backend.ts';

describe('collecting activations for SAEs', () => {
  const spec = { ...transformerPresets.tiny, p: 7, dModel: 8, nHeads: 2, dMlp: 12, nLayers: 2 };

  it('reads every (a, b) input at the chosen hook and position; `all` stacks a, b, = blocks of p² rows', async () => {
    await useBackend('wasm');
    const model = new Transformer(spec, initialWeights(spec));
    const p = spec.p;
    collectActivations(model, 'blocks.1.hook_resid_post', '=').dispose(); // the model memoises constants on first use
    const before = tf.memory().numTensors;
    for (const hook of ['blocks.0.hook_resid_mid', 'blocks.1.hook_resid_post', 'blocks.1.mlp.hook_post'] as const) {
      // The reference: one forward pass per input, read from the hook cache at each position.
      const tokens = tf.tensor2d(Array.from({ length: p * p }, (_, i) => [Math.floor(i / p), i % p, p]), [p * p, 3], 'int32');
      const cache: Cache = new Map();
      tf.tidy(() => {
        model.forward(tokens, new Set([hook]), cache); // cached hooks are kept: ours to dispose
      });
      const full = await cache.get(hook)!.data(); // [p², 3, d]
      const d = cache.get(hook)!.shape[2]!;
      tf.dispose([tokens, ...cache.values()]);
      for (const position of ['a', 'b', '=', 'all'] as const) {
        const acts = collectActivations(model, hook, position, 10); // chunks of 10 inputs cross row boundaries
        const got = await acts.data();
        const positions = positionsRead(position);
        expect(acts.shape).toEqual([positions.length * p * p, d]);
        acts.dispose();
        positions.forEach((pos, block) => {
          for (let i = 0; i < p * p; i++) {
            for (let j = 0; j < d; j++) {
              expect(got[(block * p * p + i) * d + j]).toBeCloseTo(full[(i * 3 + pos) * d + j], 5);
            }
          }
        });
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    const pattern = () => collectActivations(model, 'blocks.0.attn.hook_pattern', '=');
    expect(pattern).toThrow(/no per-position hook/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
