import * as tf from '../tf.ts';
import { AdamW, type AdamWState } from '../optim/adamw.ts';
import type { SaeSpec } from '../spec/sae.ts';
import type { LossTerm, SaeArchitectureRuntime, SeedStepContext } from './architectures.ts';
import { DeadCandidates } from './deadCandidates.ts';
import type { SaeWeights } from './init.ts';
import { type SaeParams, saeForward } from './model.ts';
import { type SeedMatMulMode, sumLast, sumPerSeed, sumRows } from './ops.ts';

/** Adam as in both recipes (Gao et al.; Anthropic): betas (0.9, 0.999), no weight decay, eps explicit. */
export const SAE_ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

export interface GroupConfig {
  spec: SaeSpec;
  arch: SaeArchitectureRuntime;
  /** Loss terms added to the architecture's loss (e.g. stabilising regularisers); any of them rules out hand gradients. */
  extraTerms?: LossTerm[];
  mode: SeedMatMulMode;
  dIn: number;
  n: number;
  /** E||x − mean||² per row (training space). */
  varPerRow: number;
  /** Training inputs without firing after which a latent counts as dead for AuxK. */
  deadWindowRows: number;
  /**
   * `hand`: a single seed on the split path uses the architecture's hand-derived gradients when it has them and no
   * extra loss term is set (the hand path knows only the architecture's own loss).
   */
  gradients: 'hand' | 'autograd';
}

function stack(ws: Float32Array[], shape: number[]): tf.Variable {
  const size = ws[0].length;
  const all = new Float32Array(size * ws.length);
  ws.forEach((w, s) => all.set(w, s * size));
  return tf.tidy(() => tf.variable(tf.tensor(all, [ws.length, ...shape]), true));
}

/** Scales each seed's gradients so that their joint norm is at most `clip` (seeds are independent models). */
function clipPerSeed(grads: tf.Tensor[], clip: number): tf.Tensor[] {
  const S = grads[0].shape[0];
  const sq = grads.map((g) => sumPerSeed(tf.square(g))); // each [S]
  const norm = tf.sqrt(tf.addN(sq)); // [S]
  const scale = tf.div(clip, tf.maximum(norm, clip)).reshape([S, 1, 1]);
  return grads.map((g) => tf.mul(g, scale));
}

/** Per element of the variables [S, …] (flattened, in order), seed s's rate: AdamW's `lrPerElement`. */
function ratePerElement(vars: tf.Variable[], lrs: number[]): Float32Array {
  const out = new Float32Array(vars.reduce((a, v) => a + v.size, 0));
  let at = 0;
  for (const v of vars) {
    const perSeed = v.size / lrs.length;
    lrs.forEach((lr) => out.fill(lr, at, (at += perSeed)));
  }
  return out;
}

/** A per-seed value as a number when every seed has the same (the plain path), else a tensor [S]. */
function perSeedValue(values: number | number[]): number | tf.Tensor1D {
  if (typeof values === 'number') return values;
  return values.every((v) => v === values[0]) ? values[0] : tf.tensor1d(values);
}

/** One seed's share of a group's training state, as plain arrays (weights in training space). */
export interface SeedState {
  weights: SaeWeights;
  /** Adam moments of [W_enc, b_enc, W_dec, b_dec] and the step. */
  adam: AdamWState;
  /** Training inputs seen since each latent last fired: [n]. */
  sinceFired: Float32Array;
}

/** Seed s's slice of an array stacked over S seeds. */
const seedSlice = (a: Float32Array, S: number, s: number): Float32Array => {
  const size = a.length / S;
  return a.slice(s * size, (s + 1) * size);
};

/** The seeds' arrays stacked in order (the inverse of seedSlice). */
const stacked = (parts: Float32Array[]): Float32Array => {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/**
 * S SAEs stepped as one computation: weights stacked on a leading seed axis, each seed reading its own rows.
 * Seeds never interact: every loss term, the clipping and Adam act per seed.
 */
export class SeedGroup {
  readonly params: SaeParams;
  private readonly optimizer: AdamW;
  /** Training inputs seen since each latent last fired: [S, n]. */
  private readonly sinceFired: tf.Variable;
  /** This group steps with hand-derived gradients (one seed, split path). */
  private readonly hand: boolean;
  /** The latents that may be dead, known on the host (null where the architecture has no use for them). */
  private readonly deadCandidates: DeadCandidates | null;
  private stepsDone = 0;

  /** `lr`: one rate for every seed, or one per seed (units of several sweep cells, each with its own). */
  constructor(readonly seeds: number[], init: SaeWeights[], lr: number | number[], private readonly cfg: GroupConfig) {
    const { dIn, n } = cfg;
    this.params = {
      Wenc: stack(init.map((w) => w.W_enc), [dIn, n]),
      benc: stack(init.map((w) => w.b_enc), [1, n]),
      Wdec: stack(init.map((w) => w.W_dec), [n, dIn]),
      bdec: stack(init.map((w) => w.b_dec), [1, dIn]),
    };
    if (cfg.arch.threshold) {
      this.params.threshold = stack(init.map((w) => w.threshold ?? new Float32Array(n).fill(cfg.arch.threshold!.initial(cfg.spec))), [1, n]);
    }
    const lrs = typeof lr === 'number' ? [lr] : lr;
    const uniform = lrs.every((v) => v === lrs[0]);
    this.optimizer = new AdamW(this.trained(), {
      lr: lrs[0], ...SAE_ADAM, weightDecay: 0, warmupSteps: 0,
      ...(uniform ? {} : { lrPerElement: ratePerElement(this.trained(), lrs) }),
    });
    this.sinceFired = tf.tidy(() => tf.variable(tf.zeros([seeds.length, n]), false));
    const plainLoss = (cfg.extraTerms ?? []).length === 0;
    this.hand = cfg.gradients === 'hand' && plainLoss && cfg.arch.seedGradients !== undefined && seeds.length === 1 && cfg.mode === 'split';
    const wanted = this.hand || (cfg.arch.usesDeadLatents?.(cfg.spec) ?? false);
    this.deadCandidates = wanted ? new DeadCandidates(n, cfg.deadWindowRows, cfg.spec.batchSize) : null;
  }

  /** Every variable: [W_enc, b_enc, W_dec, b_dec] and the threshold, if the architecture has one. */
  variables(): tf.Variable[] {
    const { Wenc, benc, Wdec, bdec, threshold } = this.params;
    return threshold ? [Wenc, benc, Wdec, bdec, threshold] : [Wenc, benc, Wdec, bdec];
  }

  /** The variables the optimiser steps (a threshold only when the architecture trains it). */
  private trained(): tf.Variable[] {
    return this.cfg.arch.threshold?.trainable === false ? this.variables().slice(0, 4) : this.variables();
  }

  private activate = (pre: tf.Tensor3D) => this.cfg.arch.activate(pre, this.cfg.spec, this.params.threshold);
  private infer = (pre: tf.Tensor3D) => this.cfg.arch.infer(pre, this.cfg.spec, this.params.threshold);

  /**
   * One optimiser step; `batch` holds each seed's rows in turn ([S, rows, d_in] row-major). Enqueues work only.
   * Batches come from JS rather than a device gather: gather of rows is slower than the upload on wasm.
   * `extra`: a term of the weights alone (a stabiliser) whose gradient joins the loss's. `penalties`: the sparsity
   * coefficient, one for every seed or one per seed.
   */
  step(batch: Float32Array, rows: number, penalties: number | number[], extra?: (params: SaeParams) => tf.Scalar): void {
    const { spec, arch, mode, dIn, n, varPerRow } = this.cfg;
    const S = this.seeds.length;
    const kept: { fired?: tf.Tensor; z?: tf.Tensor3D } = {};
    tf.tidy(() => {
      const x = tf.tensor3d(batch, [S, rows, dIn]);
      const penalty = perSeedValue(penalties); // a number, or [S]
      const dead = () => this.isDead(this.sinceFired).reshape([S, 1, n]) as tf.Tensor3D;
      const vars = this.trained();
      let g: tf.Tensor[];
      if (this.hand) {
        const hand = arch.seedGradients!({ spec, x: x.reshape([rows, dIn]), params: this.params, varPerRow, deadCandidates: this.candidates() });
        kept.fired = tf.keep(hand.fired);
        g = hand.grads;
      } else {
        const { grads } = tf.variableGrads(() => {
          const fwd = saeForward(x, this.params, this.activate, mode);
          kept.fired = tf.keep(tf.step(sumRows(tf.step(fwd.z), mode)).reshape([S, n])); // [S, n]: 1 if it fired
          kept.z = tf.keep(fwd.z);
          const deadCandidates = this.deadCandidates?.latents(this.stepsDone);
          // Over half the latents (a stale snapshot, or a window shorter than a batch): picking costs more than it saves.
          const candidates = deadCandidates && (deadCandidates.length === 0 ? null : deadCandidates.length > n / 2 ? undefined : deadCandidates);
          const ctx = { spec, x, fwd, params: this.params, mode, dead: dead(), penalty, varPerRow, deadCandidates: candidates };
          const terms = [arch.loss(ctx), ...(this.cfg.extraTerms ?? []).map((term) => term(ctx))];
          return (terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Scalar;
        }, vars);
        g = vars.map((v) => grads[v.name]);
      }
      if (extra) {
        const { grads } = tf.variableGrads(() => extra(this.params), vars); // variables the term ignores get none
        g = g.map((gi, j) => (grads[vars[j].name] ? tf.add(gi, grads[vars[j].name]) : gi));
      }
      g = arch.adjustGradients(this.params, g);
      if (spec.gradClip > 0) g = clipPerSeed(g, spec.gradClip);
      this.optimizer.apply(g);
      arch.afterStep(this.params, kept.z!, spec);
      this.sinceFired.assign(tf.mul(tf.add(this.sinceFired, rows), tf.sub(1, kept.fired!)));
    });
    tf.dispose([kept.fired!, kept.z!].filter(Boolean));
    this.stepsDone += 1;
    this.deadCandidates?.observe(this.sinceFired, this.stepsDone);
  }

  /** Resolves once the host's dead-latent snapshot is the one after the last step (for timing: then AuxK's columns are exact). */
  async syncDeadCandidates(): Promise<void> {
    await this.deadCandidates?.sync(this.sinceFired, this.stepsDone);
  }

  /** sinceFired counts whole rows: ≥ deadWindowRows ⇔ > deadWindowRows − 0.5 (step is cheaper than greaterEqual). */
  private isDead(since: tf.Tensor): tf.Tensor {
    return tf.step(tf.sub(since, this.cfg.deadWindowRows - 0.5));
  }

  /** The latents that may be dead before this step, and which of them are (one seed). */
  private candidates(): SeedStepContext['deadCandidates'] {
    const latents = this.deadCandidates!.latents(this.stepsDone);
    if (latents.length === 0) return null;
    const at = tf.tensor1d(latents, 'int32');
    return { latents: at, dead: this.isDead(tf.gather(this.sinceFired, at, 1)) as tf.Tensor2D };
  }

  /**
   * Sums over rows x [R, d_in] shared by every seed: [S, 2 + n] = (Σ||x − x̂||², Σ active latents, then per
   * latent the number of rows it fired on).
   */
  evalSums(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const xs = x.reshape([1, ...x.shape]) as tf.Tensor3D;
      const fwd = saeForward(xs, this.params, this.infer, this.cfg.mode);
      const sse = sumPerSeed(tf.square(tf.sub(xs, fwd.xHat))); // [S]
      const fires = sumRows(tf.step(fwd.z), this.cfg.mode).reshape([-1, this.cfg.n]); // [S, n]
      return tf.concat([sse.reshape([-1, 1]), sumLast(fires), fires], 1) as tf.Tensor2D;
    });
  }

  /** Latents dead in the training window, per seed: [S]. */
  deadInWindow(): tf.Tensor1D {
    return tf.tidy(() => sumLast(this.isDead(this.sinceFired)).reshape([-1]) as tf.Tensor1D);
  }

  /** Per seed weights in training space. */
  async weights(): Promise<SaeWeights[]> {
    const [We, be, Wd, bd, th] = await Promise.all(this.variables().map(async (v) => (await v.data()) as Float32Array));
    const { dIn, n } = this.cfg;
    const S = this.seeds.length;
    return this.seeds.map((_, s) => ({
      dIn,
      dSae: n,
      W_enc: seedSlice(We, S, s),
      b_enc: seedSlice(be, S, s),
      W_dec: seedSlice(Wd, S, s),
      b_dec: seedSlice(bd, S, s),
      ...(th ? { threshold: seedSlice(th, S, s) } : {}),
    }));
  }

  /** Every seed's weights, optimiser moments and dead-latent counters (call between steps). */
  async state(): Promise<SeedState[]> {
    const [weights, adam, since] = await Promise.all([this.weights(), this.optimizer.getState(), this.sinceFired.data() as Promise<Float32Array>]);
    const S = this.seeds.length;
    return weights.map((w, s) => ({
      weights: w,
      adam: { step: adam.step, m: adam.m.map((a) => seedSlice(a, S, s)), v: adam.v.map((a) => seedSlice(a, S, s)) },
      sinceFired: seedSlice(since, S, s),
    }));
  }

  /** Restores the optimiser and counters saved by `state()` (the weights came in through the constructor). */
  restore(states: SeedState[]): void {
    const { n } = this.cfg;
    if (states.length !== this.seeds.length || states.some((st) => st.sinceFired.length !== n)) {
      throw new Error('SAE checkpoint does not fit this group of seeds');
    }
    const moments = (pick: (a: AdamWState) => Float32Array[]) => pick(states[0].adam).map((_, j) => stacked(states.map((st) => pick(st.adam)[j])));
    this.optimizer.setState({ step: states[0].adam.step, m: moments((a) => a.m), v: moments((a) => a.v) });
    tf.tidy(() => this.sinceFired.assign(tf.tensor2d(stacked(states.map((st) => st.sinceFired)), [states.length, n])));
    this.deadCandidates?.setCounts(stacked(states.map((st) => st.sinceFired)), this.stepsDone);
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
    this.optimizer.dispose();
    this.sinceFired.dispose();
  }
}
