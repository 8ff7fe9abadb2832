import { describe, expect, it } from 'vitest';
import { decodeSae } from '../../../src/core/io/saeFiles.ts';
import type { SaeWeights } from '../../../src/core/sae/init.ts';
import { saePresets } from '../../../src/core/spec/sae.ts';
import { saeFolderName, saeLensFiles } from '../../../src/core/experiment/saeExport.ts';

function weights(dIn: number, dSae: number, offset: number): SaeWeights {
  const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => offset + i / 7);
  return { dIn, dSae, W_enc: ramp(dIn * dSae), b_enc: ramp(dSae), W_dec: ramp(dSae * dIn), b_dec: ramp(dIn) };
}

describe('SAELens files of a browser SAE run', () => {
  it('are named by architecture, its knob and the seed (the CLI writes the same folders)', () => {
    expect(saeFolderName(saePresets.phase1, 42)).toBe(`topk_k${saePresets.phase1.k}_seed42`);
    expect(saeFolderName({ ...saePresets.phase2, l1: 0.25 }, 7)).toBe('relu_l1-0.25_seed7');
  });

  it('hold each seed\'s weights (read back by the SAELens reader) and a cfg.json naming k, sizes, hook and seed', () => {
    const spec = { ...saePresets.tiny, seeds: [42, 7] };
    const ws = [weights(4, 16, 0), weights(4, 16, 100)];
    const files = saeLensFiles(spec, ws);
    expect(files.map((f) => `${f.folder}/${f.name}`)).toEqual([
      'topk_k8_seed42/sae_weights.safetensors', 'topk_k8_seed42/cfg.json', 'topk_k8_seed7/sae_weights.safetensors', 'topk_k8_seed7/cfg.json',
    ]);
    const back = decodeSae(files[2].bytes);
    expect(back.layout).toBe('saelens');
    for (const key of ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const) expect(Array.from(back[key])).toEqual(Array.from(ws[1][key]));
    const cfg = JSON.parse(new TextDecoder().decode(files[3].bytes)) as Record<string, unknown>;
    expect(cfg).toMatchObject({ d_in: 4, d_sae: 16, architecture: 'topk', k: 8, seed: 7, hook_name: 'blocks.0.hook_resid_post', position: '=' });
  });
});
