import type { SaeCfgJson } from '../io/saeFiles.ts';
import { type SaeSpec, saeArchitectureOf, saeHookName } from '../spec/sae.ts';

/**
 * SAELens `cfg.json` for one seed's SAE. The exported weights act on the raw activations (the training-time
 * scaling is folded into b_enc, b_dec and any threshold), so SAELens must not normalise again:
 * `normalize_activations: "none"`. `training` keeps the whole SaeSpec that produced the weights.
 */
export function saeLensConfig(spec: SaeSpec, seed: number, dIn: number, dSae: number): SaeCfgJson {
  const arch = saeArchitectureOf(spec.architecture);
  return {
    d_in: dIn,
    d_sae: dSae,
    architecture: arch.saeLens.name,
    ...arch.saeLens.cfg(spec),
    dtype: 'float32',
    hook_name: saeHookName(spec),
    seed,
    apply_b_dec_to_input: true,
    normalize_activations: 'none',
    /** Token position read: a, b, = or all (not a SAELens key; kept for readers of these files). */
    position: spec.position,
    training: { ...spec, seeds: [...spec.seeds] },
  };
}

/** Folder name of one seed's SAE, e.g. `topk_k32_seed42` or `relu_l1-1_seed42` (the CLI's and the page's names). */
export const saeFolderName = (spec: SaeSpec, seed: number): string => `${spec.architecture}_${saeArchitectureOf(spec.architecture).variant(spec)}_seed${seed}`;
