import { describe, expect, it } from 'vitest';
import { type AdapterLike, SOFTWARE_WEBGPU_REASON, isSoftwareAdapter, isSoftwareRenderer, webgpuSkipReason } from '../../src/host/adapterChoice.ts';

/** A navigator.gpu that answers with `adapter`. */
const gpuWith = (adapter: AdapterLike | null) => ({ requestAdapter: () => Promise.resolve(adapter) });

// What Chromium 156 reports here for --enable-unsafe-webgpu without a GPU, and what a real GPU reports.
const swiftshader: AdapterLike = { info: { vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true } };
const flaggedOnly: AdapterLike = { info: { vendor: 'x', architecture: 'y', isFallbackAdapter: true } };
const namedOnly: AdapterLike = { info: { vendor: 'google', architecture: 'swiftshader' } };
const oldSpelling: AdapterLike = { isFallbackAdapter: true, info: { vendor: 'intel', architecture: 'gen-12lp' } };
const realGpu: AdapterLike = { info: { vendor: 'nvidia', architecture: 'ada', device: '', description: '', isFallbackAdapter: false } };

describe('automatic backend choice and software WebGPU adapters', () => {
  it('recognises a fallback adapter by its flag, by its old flag, or by its names', () => {
    for (const a of [swiftshader, flaggedOnly, namedOnly, oldSpelling]) expect(isSoftwareAdapter(a)).toBe(true);
    expect(isSoftwareAdapter(realGpu)).toBe(false);
    expect(isSoftwareAdapter({})).toBe(false);
  });

  it('the automatic choice skips a software adapter (so wasm runs) and keeps a real GPU', async () => {
    expect(await webgpuSkipReason(gpuWith(swiftshader), false)).toBe(SOFTWARE_WEBGPU_REASON);
    expect(await webgpuSkipReason(gpuWith(namedOnly), false)).toBe(SOFTWARE_WEBGPU_REASON);
    expect(await webgpuSkipReason(gpuWith(realGpu), false)).toBeNull();
  });

  it('?backend=webgpu (forced) still runs on a software adapter', async () => {
    expect(await webgpuSkipReason(gpuWith(swiftshader), true)).toBeNull();
  });

  it('says why when there is no WebGPU at all, forced or not', async () => {
    expect(await webgpuSkipReason(undefined, true)).toMatch(/navigator\.gpu missing/);
    expect(await webgpuSkipReason(gpuWith(null), true)).toMatch(/adapter unavailable/);
    const failing = { requestAdapter: () => Promise.reject(new Error('blocked')) };
    expect(await webgpuSkipReason(failing, false)).toMatch(/request failed: blocked/);
  });

  it('recognises software WebGL renderers', () => {
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 4070 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
  });
});
