/** Starts tfjs-backend-webgpu in Node on Dawn (the `webgpu` npm package unpacked in `dir`); see bench/dawn.ts. */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '../src/core/tf.ts';
import { tuneWebgpu } from '../src/host/webgpuTuning.ts';

export interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
  device?: string;
}

/** Loads dawn.node and gives tfjs a `navigator.gpu`; tfjs-backend-webgpu registers itself only if one exists. */
export async function startDawn(dir: string, flags: string[]): Promise<AdapterInfo> {
  const dawn = createRequire(import.meta.url)(join(dir, 'dist', `${process.platform}-${process.arch}`, 'dawn.node')) as {
    create(flags: string[]): unknown;
    globals: Record<string, unknown>;
  };
  Object.assign(globalThis, dawn.globals);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: dawn.create(flags) }, configurable: true });
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('the webgpu backend did not start on Dawn');
  await tf.ready();
  const info = (tf.backend() as unknown as { adapterInfo?: AdapterInfo }).adapterInfo ?? {};
  tuneWebgpu(); // as the app does
  return info;
}

