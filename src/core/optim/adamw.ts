import * as tf from '../tf.ts';

/** AdamW hyperparameters, PyTorch semantics (torch.optim.AdamW). */
export interface AdamWConfig {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Linear warm-up: the learning rate at step t (1-based) is lr * min(t / warmupSteps, 1). 0 disables it. */
  warmupSteps: number;
}

/** Serialisable optimiser state, for checkpoints. */
export interface AdamWState {
  step: number;
  m: Float32Array[];
  v: Float32Array[];
}

/**
 * AdamW with decoupled weight decay (tfjs has none): per parameter,
 *   p ← p − lr_t·wd·p;  m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;
 *   p ← p − lr_t · (m / (1−β1^t)) / (sqrt(v / (1−β2^t)) + eps).
 * Moments live on the backend as variables; nothing is read back to JS.
 */
export class AdamW {
  private t = 0;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];

  constructor(private readonly params: tf.Variable[], readonly config: AdamWConfig) {
    // tidy frees the zerosLike temporaries; variables survive it.
    this.m = tf.tidy(() => params.map((p) => tf.variable(tf.zerosLike(p), false)));
    this.v = tf.tidy(() => params.map((p) => tf.variable(tf.zerosLike(p), false)));
  }

  get step(): number {
    return this.t;
  }

  learningRate(step: number): number {
    const { lr, warmupSteps } = this.config;
    return warmupSteps > 0 ? lr * Math.min(step / warmupSteps, 1) : lr;
  }

  /** Applies one update from grads (same order as params). Disposes nothing it was given. */
  apply(grads: tf.Tensor[]): void {
    this.t += 1;
    const { beta1, beta2, eps, weightDecay } = this.config;
    const lr = this.learningRate(this.t);
    const bc1 = 1 - beta1 ** this.t;
    const bc2 = 1 - beta2 ** this.t;
    tf.tidy(() => {
      this.params.forEach((p, i) => {
        const g = grads[i];
        const m = tf.add(tf.mul(this.m[i], beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(this.v[i], beta2), tf.mul(tf.square(g), 1 - beta2));
        const update = tf.div(tf.div(m, bc1), tf.add(tf.sqrt(tf.div(v, bc2)), eps));
        const decayed = weightDecay > 0 ? tf.mul(p, 1 - lr * weightDecay) : p;
        p.assign(tf.sub(decayed, tf.mul(update, lr)));
        this.m[i].assign(m);
        this.v[i].assign(v);
      });
    });
  }

  async getState(): Promise<AdamWState> {
    const read = (vs: tf.Variable[]) => Promise.all(vs.map(async (x) => (await x.data()) as Float32Array));
    return { step: this.t, m: await read(this.m), v: await read(this.v) };
  }

  /** Restores moments and step; throws (changing nothing) when they do not fit this optimiser's parameters. */
  setState(state: AdamWState): void {
    const fits = (arrays: Float32Array[], vars: tf.Variable[]) => arrays.length === vars.length && arrays.every((d, i) => d.length === vars[i].size);
    if (!fits(state.m, this.m) || !fits(state.v, this.v)) throw new Error('optimiser state does not fit the parameters');
    this.t = state.step;
    tf.tidy(() => {
      state.m.forEach((d, i) => this.m[i].assign(tf.tensor(d, this.m[i].shape)));
      state.v.forEach((d, i) => this.v[i].assign(tf.tensor(d, this.v[i].shape)));
    });
  }

  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}
