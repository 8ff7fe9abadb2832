/**
 * TopK (Gao et al. 2024): exactly k active latents; decoder rows unit norm (gradient parallel to each row removed
 * before the step, rows renormalised after it); loss = reconstruction error / data variance (a batch FVU) plus
 * AuxK: the top k_aux dead latents reconstruct the (detached) residual, normalised the same way, × 1/32.
 */
import type * as TF from '../../tf.ts';
import type { ChoiceField, FieldValues, NumberField } from '../../spec/fields.ts';
import { SpecError } from '../../spec/fields.ts';
import type { SaeSpecOf } from '../../spec/sae.ts';
import { type LossContext, type SaeKit, defineArchitecture } from '../architecture.ts';
import type { SaeParams } from '../model.ts';
import type { SeedMatMulMode } from '../ops.ts';
import type { TopkSeedStep } from '../topkStep.ts';

/** TopK's knobs; BatchTopK shares them (the same Field objects). */
export const topkFields = {
  k: { kind: 'int', label: 'k', doc: 'TopK, BatchTopK: number of active latents per input (BatchTopK: on average over the batch)', min: 1, max: 1024, default: 32 } satisfies NumberField,
  auxK: { kind: 'choice', label: 'AuxK', doc: 'TopK, BatchTopK: auxiliary loss that trains dead latents on the residual', options: ['on', 'off'], default: 'on' } satisfies ChoiceField<'on' | 'off'>,
  auxKCoef: { kind: 'float', label: 'AuxK coefficient', doc: 'weight of the AuxK loss', min: 0, max: 10, default: 1 / 32 } satisfies NumberField,
  kAux: { kind: 'int', label: 'k_aux', doc: 'dead latents used by AuxK; 0 = d_in / 2', min: 0, max: 4096, default: 0 } satisfies NumberField,
};

/** TopK's knobs in a spec (`SaeSpecOf<'topk'>`). */
export type TopkKnobs = FieldValues<typeof topkFields>;
/** The specs that have k and AuxK: TopK's and BatchTopK's. */
type KSpec = SaeSpecOf<'topk' | 'batchtopk'>;

/** kAux = 0 means d_in / 2 (Gao et al.), never more than the latents. */
export const effectiveKAux = (spec: KSpec, dIn: number, n: number): number =>
  Math.min(n, spec.kAux > 0 ? spec.kAux : Math.max(1, Math.floor(dIn / 2)));

export function checkK(spec: KSpec, n: number, path: string): void {
  if (spec.k > n) throw new SpecError(`${path}.k (${spec.k}) must not exceed the number of latents (${n})`);
  if (spec.kAux > n) throw new SpecError(`${path}.kAux (${spec.kAux}) must not exceed the number of latents (${n})`);
}

const auxOn = (spec: KSpec) => spec.auxK === 'on' && spec.auxKCoef > 0;

/**
 * The TopK loss and the unit-norm decoder, shared by the architectures that keep TopK's decoder (BatchTopK,
 * JumpReLU). `reconstruction` is the batch FVU per seed [S]; `auxK` adds AuxK when the spec turns it on.
 */
export function unitDecoderMath({ tf, ops }: SaeKit) {
  const { HIDE_LIVE, addRowBias, columnPicker, detached, pickColumns, seedMatMul, stopGradient, sumLast, sumPerSeed, sumRows, topkRelu } = ops;

  /**
   * The SAE restricted to the candidate latents U (u columns, padded with columns that pick nothing): pre-activations
   * [S, B, u] computed as the model does, the dead mask [S, 1, u] and decoder rows [S, u, d_in]. Live latents are
   * hidden in AuxK's top-k and add exact zeros, so this changes only the cost: AuxK's products shrink from n to u
   * columns (with 10 % dead, AuxK's top-k and three [B, n]-sized products were ~40 % of a step on WebGPU).
   */
  function auxColumns(x: TF.Tensor3D, params: SaeParams, dead: TF.Tensor3D, latents: Int32Array, mode: SeedMatMulMode) {
    const [S, , n] = params.Wenc.shape as number[];
    const pick = columnPicker(latents, n); // [n, u]
    const WencU = pickColumns(params.Wenc, pick) as TF.Tensor3D; // [S, d_in, u]
    const bias = tf.sub(pickColumns(params.benc, pick), seedMatMul(params.bdec, WencU, mode)); // [S, 1, u]
    const pre = addRowBias(seedMatMul(x, WencU, mode, true), bias, mode); // [S, B, u]
    const deadU = tf.matMul(dead.reshape([S, n]), pick).reshape([S, 1, -1]) as TF.Tensor3D; // padding: 0, hidden
    const Wdec = seedMatMul(columnPicker(latents, n, true).reshape([1, -1, n]), params.Wdec, mode, true); // [S, u, d_in]
    return { pre, deadU, Wdec };
  }

  /** Σ||x − x̂||² / (B · varPerRow) per seed: [S]. */
  const reconstruction = ({ x, fwd, varPerRow }: LossContext): TF.Tensor1D =>
    tf.div(sumPerSeed(tf.square(tf.sub(x, fwd.xHat))), x.shape[1] * varPerRow) as TF.Tensor1D;

  /** AuxK per seed [S] (zeros when off). */
  function auxK({ spec, x, fwd, params, mode, dead, deadCandidates }: LossContext<KSpec>): TF.Tensor1D {
    const [S, B, dIn] = x.shape;
    if (!auxOn(spec) || deadCandidates === null) return tf.zeros([S]);
    const n = fwd.pre.shape[2];
    const e = stopGradient(tf.sub(x, fwd.xHat)); // [S, B, d_in]
    const { pre, deadU, Wdec } = deadCandidates ? auxColumns(x, params, dead, deadCandidates, mode) : { pre: fwd.pre, deadU: dead, Wdec: params.Wdec };
    const deadPre = tf.sub(pre, tf.mul(tf.sub(1, deadU), HIDE_LIVE)); // [S, B, u]
    const zAux = topkRelu(deadPre, Math.min(effectiveKAux(spec, dIn, n), pre.shape[2])); // [S, B, u]
    const eHat = seedMatMul(zAux, Wdec, mode); // [S, B, d_in]
    const num = sumPerSeed(tf.square(tf.sub(e, eHat))); // [S]
    // [S]: Σ||e − mean(e)||², a constant (e is detached): computed as one op so backprop skips its inner ops.
    const den = detached((r) => sumPerSeed(tf.square(tf.sub(r, tf.div(sumRows(r, mode), B)))), e);
    return tf.mul(tf.div(num, tf.add(den, 1e-12)), spec.auxKCoef) as TF.Tensor1D;
  }

  return {
    reconstruction,
    auxK,
    usesDeadLatents: auxOn,
    /** Removes each decoder row's gradient component along the row; other gradients pass unchanged. */
    adjustGradients(params: SaeParams, [gWenc, gbenc, gWdec, ...rest]: TF.Tensor[]): TF.Tensor[] {
      const W = params.Wdec; // [S, n, d_in], unit rows
      const parallel = tf.mul(sumLast(tf.mul(gWdec, W)), W); // (g·w) w per row
      return [gWenc, gbenc, tf.sub(gWdec, parallel), ...rest];
    },
    renormalise(params: SaeParams): void {
      tf.tidy(() => {
        const W = params.Wdec;
        params.Wdec.assign(tf.div(W, tf.sqrt(sumLast(tf.square(W)))));
      });
    },
  };
}

export const topk = defineArchitecture<SaeSpecOf<'topk'>>({
  name: 'topk',
  label: 'TopK',
  doc: 'exactly k active latents (Gao et al. 2024)',
  fields: topkFields,
  mainKeys: ['k'],
  advancedKeys: ['auxK', 'auxKCoef', 'kAux'],
  check: checkK,
  targetL0: (spec) => spec.k,
  variant: (spec) => `k${spec.k}`,
  reportKnobs: (spec) => ({ k: spec.k }),
  decoderInitNorm: 1,
  saeLens: {
    name: 'topk',
    cfg: (spec) => ({ k: spec.k }),
    read(cfg, dSae, where) {
      const fn = cfg.activation_fn_str ?? cfg.activation_fn;
      if (!(cfg.architecture === 'topk' || (cfg.architecture === 'standard' && fn === 'topk'))) return null;
      const kwargs = (cfg.activation_fn_kwargs ?? {}) as Record<string, unknown>;
      const k = [cfg.k, kwargs.k].find((v) => Number.isSafeInteger(v)) as number | undefined;
      if (k === undefined || k < 1 || k > dSae) throw new SpecError(`${where}/cfg.json needs k, an integer from 1 to d_sae (${dSae}), for a TopK SAE`);
      return { k };
    },
  },
  math(kit) {
    const unit = unitDecoderMath(kit);
    const { tf, ops, topkStep } = kit;
    return {
      activate: (pre, spec) => ops.topkRelu(pre, spec.k) as TF.Tensor3D,
      usesDeadLatents: unit.usesDeadLatents,
      loss: (ctx) => tf.sum(tf.add(unit.reconstruction(ctx), unit.auxK(ctx))) as TF.Scalar,
      seedGradients({ spec, x, params, varPerRow, deadCandidates }) {
        const [, dIn] = x.shape;
        const n = (params.benc.shape as number[])[2];
        const aux: TopkSeedStep['aux'] = auxOn(spec) && deadCandidates !== null ? { ...deadCandidates, kAux: effectiveKAux(spec, dIn, n), coef: spec.auxKCoef } : undefined;
        return topkStep.topkSeedGradients({ x, params, k: spec.k, varPerRow, aux });
      },
      adjustGradients: unit.adjustGradients,
      afterStep: (params) => unit.renormalise(params),
    };
  },
});
