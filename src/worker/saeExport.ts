/**
 * Each seed's SAE as SAELens files, exactly what the CLI writes to `DIR/saes/NAME/` (cli/stages/saes.ts):
 * `sae_weights.safetensors` (W_enc [d_in, d_sae], b_enc, W_dec [d_sae, d_in], b_dec) and `cfg.json`.
 */
import { encodeSae } from '../core/io/saeFiles.ts';
import { saeFolderName, saeLensConfig } from '../core/sae/export.ts';
import type { SaeWeights } from '../core/sae/init.ts';
import { type SaeSpec, saeHookName } from '../core/spec/sae.ts';
import type { SaeFile } from './saeMessages.ts';

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
