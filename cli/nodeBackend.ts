import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '../src/core/tf.ts';

export type NodeBackend = 'wasm' | 'cpu';

/**
 * Starts a tfjs backend in Node: wasm by default (SIMD, ~20x the cpu backend), falling back to cpu.
 * Returns the backend actually running and, if it is not the one asked for, why.
 */
export async function startNodeBackend(wanted: NodeBackend | 'auto' = 'auto'): Promise<{ backend: NodeBackend; note?: string }> {
  const order: NodeBackend[] = wanted === 'cpu' ? ['cpu'] : ['wasm', 'cpu'];
  let note: string | undefined;
  for (const name of order) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { backend: name, note };
      }
      note = `${name} backend could not start`;
    } catch (e) {
      note = `${name} backend failed: ${(e as Error).message}`;
    }
  }
  throw new Error(`no tfjs backend could start in Node (${note})`);
}
