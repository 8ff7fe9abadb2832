import type { SaeCfgJson } from '../io/saeFiles.ts';
import { type SaeSpec, saeHookName } from '../spec/sae.ts';
import { getArchitecture } from './architectures.ts';

/**
 * SAELens `cfg.json` for one seed's SAE. The exported weights act on the raw activations (the training-time
 * scaling is folded into b_enc and b_dec), so SAELens must not normalise again: `normalize_activations: "none"`.
 * `training` keeps the whole SaeSpec that produced the weights.
 */
export function saeLensConfig(spec: SaeSpec, seed: number, dIn: number, dSae: number): SaeCfgJson {
  const architecture = getArchitecture(spec.architecture).saeLensName as SaeCfgJson['architecture'];
  return {
    d_in: dIn,
    d_sae: dSae,
    architecture,
    ...(spec.architecture === 'topk' ? { k: spec.k } : {}),
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
