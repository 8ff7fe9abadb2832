import * as tf from '../tf.ts';
import type { SaePosition } from '../spec/sae.ts';
import type { Cache, Transformer } from '../transformer/model.ts';

/** Token position of each named position in the input [a, b, =]. */
export const positionIndex: Record<Exclude<SaePosition, 'all'>, number> = { a: 0, b: 1, '=': 2 };

/** Positions a spec's `position` reads, in the order their rows are stacked. */
export const positionsRead = (position: SaePosition): number[] => (position === 'all' ? [0, 1, 2] : [positionIndex[position]]);

/**
 * Activations at `hookName` (a TransformerLens name such as `blocks.0.hook_resid_post`) over all p² inputs
 * [a, b, =] in row-major (a, b) order. Row r of the result is input r mod p² at position positionsRead(position)
 * [floor(r / p²)]: with `all`, the three positions are stacked as blocks of p² rows (a, then b, then =), so each
 * block is one p × p grid. Inputs run through the model in chunks to bound memory. Returns [rows, d] on device;
 * the caller owns it.
 */
export function collectActivations(model: Transformer, hookName: string, position: SaePosition, chunk = 4096): tf.Tensor2D {
  const p = model.spec.p;
  const n = p * p;
  const tokens = new Int32Array(n * 3);
  for (let i = 0; i < n; i++) tokens.set([Math.floor(i / p), i % p, p], i * 3);
  const positions = positionsRead(position);
  return tf.tidy(() => {
    const parts: tf.Tensor[] = []; // each [chunk, 3, d]
    for (let start = 0; start < n; start += chunk) {
      const size = Math.min(chunk, n - start);
      const cache: Cache = new Map();
      const batch = tf.tensor2d(tokens.subarray(start * 3, (start + size) * 3), [size, 3], 'int32');
      model.forward(batch, new Set([hookName]), cache);
      const act = cache.get(hookName);
      if (!act || act.rank !== 3) {
        for (const t of cache.values()) t.dispose();
        throw new Error(`the transformer has no per-position hook "${hookName}"`);
      }
      parts.push(act);
      tf.dispose([...cache.values()].filter((t) => t !== act)); // kept tensors are ours to free
    }
    const all = tf.concat(parts, 0) as tf.Tensor3D; // [p², 3, d]
    tf.dispose(parts);
    const d = all.shape[2];
    const rows = positions.map((pos) => all.slice([0, pos, 0], [n, 1, d]).reshape([n, d]));
    return tf.concat(rows, 0) as tf.Tensor2D;
  });
}
