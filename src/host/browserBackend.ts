/**
 * Starts a tfjs backend inside the engine worker: webgpu → webgl → wasm → cpu (skipping software GPUs, see
 * adapterChoice.ts), or the one the user picked first.
 * `tf.setBackend` resolves false (or throws) when a backend cannot start, so each attempt records why it failed and
 * the page can say, for instance, "wasm (WebGPU: navigator.gpu missing)".
 *
 * Imported only by the worker: the page's bundle must never contain tfjs.
 */
import '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// Served as files with their real URLs; otherwise the SPA fallback answers the wasm fetch with index.html.
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '../core/tf.ts';
import { tuneWebgpu } from './webgpuTuning.ts';
import { type GpuLike, SOFTWARE_WEBGL_REASON, isSoftwareRenderer, webgpuSkipReason } from './adapterChoice.ts';
import { BACKENDS, type BackendChoice, type BackendFailure, type BackendName } from './backends.ts';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

export interface StartedBackend {
  backend: BackendName;
  failures: BackendFailure[];
}

interface DeviceLike {
  lost: Promise<{ reason: string; message: string }>;
}

/** The WebGL renderer's name, read from a throwaway context; '' when there is none (tfjs then says why). */
function webglRenderer(): string {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl');
    if (!gl) return '';
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  } catch {
    return '';
  }
}

/**
 * Says why a backend should not be tried before tfjs tries it (tfjs's own failure messages are vague). The automatic
 * choice (`forced` false) also skips software GPUs: wasm trains faster than SwiftShader's WebGPU or WebGL.
 */
async function skipReason(name: BackendName, forced: boolean): Promise<string | null> {
  if (name === 'webgpu') return webgpuSkipReason((navigator as unknown as { gpu?: GpuLike }).gpu, forced);
  if (name === 'webgl' && !forced && isSoftwareRenderer(webglRenderer())) return SOFTWARE_WEBGL_REASON;
  return null;
}

async function tryBackend(name: BackendName, forced: boolean): Promise<string | null> {
  const skip = await skipReason(name, forced);
  if (skip) return skip;
  try {
    if (!(await tf.setBackend(name))) return `${name} backend could not start`;
    await tf.ready();
    if (name === 'webgpu') tuneWebgpu();
    return null;
  } catch (e) {
    return `${name} backend failed: ${(e as Error).message}`;
  }
}

/**
 * Starts the requested backend first (webgpu first for `auto`), then falls back along webgpu → webgl → wasm → cpu;
 * throws if none starts. Only the backend asked for by name may run on a software GPU.
 */
export async function startBrowserBackend(choice: BackendChoice): Promise<StartedBackend> {
  const order: BackendName[] = choice === 'auto' ? [...BACKENDS] : [choice, ...BACKENDS.filter((b) => b !== choice)];
  const failures: BackendFailure[] = [];
  for (const name of order) {
    const reason = await tryBackend(name, name === choice);
    if (reason === null) return { backend: name, failures };
    failures.push({ backend: name, reason });
  }
  const why = failures.map((f) => `${f.backend}: ${f.reason}`).join('; ');
  throw new Error(`no tfjs backend could start (${why})`);
}

/** A one-line reason the running backend is not WebGPU, for the page's badge; undefined when it is. */
export function notWebgpuReason(started: StartedBackend, choice: BackendChoice): string | undefined {
  if (started.backend === 'webgpu') return undefined;
  if (started.backend === choice) return `${choice} chosen by the user`;
  const first = started.failures[0];
  return first ? `${first.backend === 'webgpu' ? 'WebGPU' : first.backend}: ${first.reason}` : undefined;
}

/**
 * tfjs-backend-webgpu does not handle a lost device (driver reset, GPU removed, tab backgrounded on some systems):
 * later reads would hang or return garbage. Calls `onLost` once with the browser's message so the page can say so.
 */
export function watchWebgpuDeviceLoss(onLost: (message: string) => void): void {
  if (tf.getBackend() !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: DeviceLike }).device;
  void device?.lost.then((info) => onLost(`WebGPU device lost (${info.reason || 'unknown'}): ${info.message}`));
}
