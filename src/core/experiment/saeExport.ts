/**
 * Each seed's SAE as SAELens files, exactly what the CLI writes to `DIR/saes/NAME/` (cli/stages/saes.ts):
 * `sae_weights.safetensors` (W_enc [d_in, d_sae], b_enc, W_dec [d_sae, d_in], b_dec) and `cfg.json`.
 */
import { encodeSae } from '../io/saeFiles.ts';
import { saeFolderName, saeLensConfig } from '../sae/export.ts';
import type { SaeWeights } from '../sae/init.ts';
import { type SaeSpec, saeHookName } from '../spec/sae.ts';

/** One file of one seed's SAE in SAELens layout: `folder/name` (e.g. `topk_k8_seed42/cfg.json`). */
export interface SaeFile {
  folder: string;
  name: 'sae_weights.safetensors' | 'cfg.json';
  bytes: Uint8Array;
}

/** Folder name of one seed's SAE (core/sae/export.ts): the CLI's names. */
export { saeFolderName };

export function saeLensFiles(spec: SaeSpec, weights: SaeWeights[]): SaeFile[] {
  const encoder = new TextEncoder();
  return spec.seeds.flatMap((seed, i) => {
    const w = weights[i];
    const folder = saeFolderName(spec, seed);
    const cfg = JSON.stringify(saeLensConfig(spec, seed, w.dIn, w.dSae), null, 2) + '\n';
    return [
      { folder, name: 'sae_weights.safetensors', bytes: encodeSae(w, { seed: String(seed), hook_name: saeHookName(spec) }) },
      { folder, name: 'cfg.json', bytes: encoder.encode(cfg) },
    ] satisfies SaeFile[];
  });
}
