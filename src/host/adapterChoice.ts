/**
 * Whether a WebGPU adapter (or a WebGL renderer) is a software one. On a machine without a GPU, Chrome offers
 * WebGPU on SwiftShader, its CPU implementation: it trains ~50x slower than the wasm backend (BROWSER.md), so the
 * automatic choice skips it. Forcing `?backend=webgpu` still runs it (tests of WebGPU correctness rely on that).
 *
 * No tfjs here: the choice is plain data, tested with mocked adapters (tests/host/adapterChoice.test.ts).
 */

/** The fields of GPUAdapterInfo this file reads (the app's tsconfig has no @webgpu/types). */
export interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  /** Chrome ≥ 136 marks SwiftShader and other fallback adapters here. */
  isFallbackAdapter?: boolean;
}

export interface AdapterLike {
  info?: AdapterInfoLike;
  /** The older spelling of `info.isFallbackAdapter`. */
  isFallbackAdapter?: boolean;
}

export interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}

const SOFTWARE_NAMES = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

/** True for SwiftShader and other CPU implementations, by the adapter's own flag or by its names. */
export function isSoftwareAdapter(adapter: AdapterLike): boolean {
  const info = adapter.info ?? {};
  if (info.isFallbackAdapter === true || adapter.isFallbackAdapter === true) return true;
  return [info.vendor, info.architecture, info.device, info.description].some((s) => typeof s === 'string' && SOFTWARE_NAMES.test(s));
}

/** True for a WebGL renderer string such as "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...))". */
export const isSoftwareRenderer = (renderer: string): boolean => SOFTWARE_NAMES.test(renderer);

export const SOFTWARE_WEBGPU_REASON = 'software WebGPU adapter (SwiftShader, no GPU): wasm trains faster here; add ?backend=webgpu to force it';
export const SOFTWARE_WEBGL_REASON = 'software WebGL renderer (no GPU): wasm trains faster here';

/**
 * Why WebGPU should not run here, or null when it should. `forced`: the user asked for WebGPU by name, so only a
 * missing adapter stops it; the automatic choice also refuses a software adapter.
 */
export async function webgpuSkipReason(gpu: GpuLike | undefined, forced: boolean): Promise<string | null> {
  if (!gpu) return 'navigator.gpu missing (this browser or context has no WebGPU)';
  let adapter: AdapterLike | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (e) {
    return `WebGPU adapter request failed: ${(e as Error).message}`;
  }
  if (!adapter) return 'WebGPU adapter unavailable';
  if (!forced && isSoftwareAdapter(adapter)) return SOFTWARE_WEBGPU_REASON;
  return null;
}
