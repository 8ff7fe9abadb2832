import * as tf from '../tf.ts';
import type { SaeSpec } from '../spec/sae.ts';
import { type LossTerm, type SaeArchitectureRuntime, getArchitecture } from './architectures.ts';
import { type TrainerCheckpoint, CheckpointError, checkCheckpoint } from '../train/checkpoint.ts';
import { SeedGroup, type SeedState } from './group.ts';
import { type ActivationData, DataOrder, type SaeWeights, activationStats, initialSaeWeights } from './init.ts';
import { type SaeMetrics, seedMetrics } from './metrics.ts';
import type { SaeParams } from './model.ts';
import { type SeedMatMulMode, prefersBatchedMatMul } from './ops.ts';

/**
 * How the seeds of a run share the device. `batched`: one computation over all seeds (weights [S, …]);
 * `lockstep`: one computation per seed, stepped in turn. Both give the same numbers up to float rounding.
 */
export type SeedGrouping = 'batched' | 'lockstep';

export interface SaeTrainerOptions {
  grouping?: SeedGrouping;
  matMul?: SeedMatMulMode;
  /**
   * `hand` (default): single-seed groups on the split path (wasm, cpu) step with the architecture's hand-derived
   * gradients where it has them (TopK); `autograd` always differentiates the loss (tests compare the two).
   */
  gradients?: 'hand' | 'autograd';
  /** Edits a seed's initial weights (training space) before training; tests use it to plant dead latents. */
  editInit?: (w: SaeWeights, seedIndex: number) => void;
  /** Evaluation processes rows in chunks of about this many latent activations (memory bound). */
  evalChunkElements?: number;
  /**
   * Per seed, weights to start from instead of the random initialisation (SAELens layout, acting on the raw
   * activations, as `weights()` returns them): SAEs trained elsewhere, evaluated on these activations.
   */
  startFrom?: SaeWeights[];
  /** Loss terms added to the architecture's loss (architecture.ts `LossTerm`); with any, every group uses autograd. */
  extraTerms?: LossTerm[];
  /**
   * An extra training term (stabilisers, src/core/stabilise): for (1-based) step t and a group's seed indices, null or
   * the term as a function of that group's weights; its gradient is added to the loss's (hand path too) before
   * adjustGradients.
   */
  extraTerm?: ExtraTerm;
  /**
   * Per seed (index into spec.seeds), its own learning rate, sparsity coefficient and k in place of the spec's: a
   * sweep's cells that differ only in these train as one run (core/sweep/batch.ts); every other knob is the spec's.
   */
  units?: UnitKnobs[];
}

export interface UnitKnobs {
  lr: number;
  /** The architecture's sparsity coefficient (its `penalty.field`); ignored without a penalty. */
  penaltyCoef: number;
  /** TopK's / BatchTopK's k for this unit; absent for other architectures (or to keep the spec's). */
  k?: number;
}

/**
 * The trainer's seed groups: one per seed in lockstep; batched, one per value of k (a TopK selection of another size
 * is another computation), in seed order, so that seeds of one k still step as one batched computation.
 */
function seedParts(seeds: number, grouping: SeedGrouping, kOf: (seedIndex: number) => number | undefined): number[][] {
  const all = Array.from({ length: seeds }, (_, i) => i);
  if (grouping === 'lockstep') return all.map((i) => [i]);
  const byK = new Map<number | undefined, number[]>();
  for (const i of all) byK.set(kOf(i), [...(byK.get(kOf(i)) ?? []), i]);
  return [...byK.values()];
}

export type ExtraTerm = (t: number, seedIndices: number[]) => ((params: SaeParams) => tf.Scalar) | null;

/** Measured on wasm in Node (see the report): per-seed 2-D products beat batched matMuls there by far. */
export function defaultSeedGrouping(backend: string): { grouping: SeedGrouping; matMul: SeedMatMulMode } {
  return prefersBatchedMatMul(backend) ? { grouping: 'batched', matMul: 'batched' } : { grouping: 'lockstep', matMul: 'split' };
}

/**
 * Trains one SAE per seed of `spec.seeds` on the same activations. The data is scaled by `scale` so that the mean
 * row norm is sqrt(d_in) (SAELens `expected_average_only_in`, Anthropic's recipe); exported weights fold the scale
 * back in, so they act on the raw activations. `step()` only enqueues work; `evaluate()` reads every metric of
 * every seed with one async `data()` call.
 */
export class SaeTrainer {
  readonly arch: SaeArchitectureRuntime;
  readonly dIn: number;
  readonly nLatents: number;
  readonly rows: number;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  /** Training space = raw activations × scale. */
  readonly scale: number;
  private readonly totalVariance: number; // Σ||x − mean||², training space
  private readonly data: tf.Tensor2D; // [rows, d_in], training space (evaluation)
  private readonly hostData: Float32Array; // the same rows in JS, to assemble training batches
  private readonly groups: { seedIndices: number[]; group: SeedGroup }[];
  private readonly orders: DataOrder[];
  private readonly evalChunkRows: number;
  /** Each seed's untrained weights in training space (drawn in JS; a resumed trainer keeps them for comparisons). */
  private readonly untrained: () => SaeWeights[];
  private readonly extraTerm?: ExtraTerm;
  private readonly units?: UnitKnobs[];
  private t = 0;

  /**
   * Reads the activations once (async) and builds the trainer, fresh or continuing from `from` (a checkpoint of a
   * trainer of the same spec on the same activations); the caller keeps ownership of `acts`.
   */
  static async create(spec: SaeSpec, acts: tf.Tensor2D, options: SaeTrainerOptions = {}, from?: TrainerCheckpoint): Promise<SaeTrainer> {
    const [rows, cols] = acts.shape;
    return new SaeTrainer(spec, { data: (await acts.data()) as Float32Array, rows, cols }, options, from);
  }

  constructor(readonly spec: SaeSpec, acts: ActivationData, options: SaeTrainerOptions = {}, from?: TrainerCheckpoint) {
    const { rows, cols } = acts;
    this.arch = getArchitecture(spec.architecture);
    this.dIn = cols;
    this.nLatents = spec.expansion * cols;
    this.rows = rows;
    this.stepsPerEpoch = Math.ceil(rows / spec.batchSize);
    this.totalSteps = spec.epochs * this.stepsPerEpoch;
    const stats = activationStats(acts);
    this.extraTerm = options.extraTerm;
    if (options.units && options.units.length !== spec.seeds.length) throw new Error('one unit (lr, sparsity coefficient, k) per seed');
    this.units = options.units;
    this.scale = stats.meanNorm > 0 ? Math.sqrt(cols) / stats.meanNorm : 1;
    this.totalVariance = stats.totalVariance * this.scale ** 2;
    if (from) checkSaeCheckpoint(from, spec, cols, this.nLatents, this.scale, this.arch);
    this.hostData = acts.data.map((v) => v * this.scale);
    this.data = tf.tensor2d(this.hostData, [rows, cols]);
    const mean = Float32Array.from(stats.mean, (m) => m * this.scale);
    const { grouping, matMul } = { ...defaultSeedGrouping(tf.getBackend()), ...options };
    const n = this.nLatents;
    const scaled = (v: number) => v * this.scale;
    this.untrained = () => spec.seeds.map((seed, i) => {
      const start = options.startFrom?.[i];
      const w = start
        ? {
          ...start, W_enc: Float32Array.from(start.W_enc), W_dec: Float32Array.from(start.W_dec), b_enc: start.b_enc.map(scaled), b_dec: start.b_dec.map(scaled),
          ...(start.threshold ? { threshold: start.threshold.map(scaled) } : {}),
        }
        : initialSaeWeights(seed, cols, n, this.arch.decoderInitNorm, mean, this.arch.threshold?.initial(spec));
      options.editInit?.(w, i);
      return w;
    });
    const init = from ? spec.seeds.map((_, i) => savedSeed(from, i).weights) : this.untrained();
    const config = {
      spec, arch: this.arch, mode: matMul, dIn: cols, n,
      varPerRow: this.totalVariance / rows,
      deadWindowRows: Math.max(1, Math.round(spec.deadWindow * rows)),
      gradients: options.gradients ?? 'hand',
      extraTerms: options.extraTerms,
    };
    const kOf = (i: number) => this.units?.[i].k;
    const parts = seedParts(spec.seeds.length, grouping, kOf);
    this.groups = parts.map((seedIndices) => {
      const k = kOf(seedIndices[0]);
      const groupConfig = k === undefined ? config : { ...config, spec: { ...spec, k } as SaeSpec };
      const lrs = this.units ? seedIndices.map((i) => this.units![i].lr) : spec.lr;
      return { seedIndices, group: new SeedGroup(seedIndices.map((i) => spec.seeds[i]), seedIndices.map((i) => init[i]), lrs, groupConfig) };
    });
    if (from) this.groups.forEach(({ seedIndices, group }) => group.restore(seedIndices.map((i) => savedSeed(from, i))));
    this.orders = spec.seeds.map((seed, i) => new DataOrder(seed, rows, from && { rng: from.rngs[i], epoch: from.counters[EPOCH][i] }));
    this.t = from?.step ?? 0;
    const perRow = Math.max(...parts.map((p) => p.length)) * n;
    this.evalChunkRows = Math.max(1, Math.min(rows, Math.floor((options.evalChunkElements ?? 2 ** 23) / perRow)));
  }

  get stepCount(): number {
    return this.t;
  }

  /**
   * The sparsity penalty's coefficient at (1-based) step t, after its linear warm-up; 0 without a penalty. With
   * `units`, seed `seedIndex`'s.
   */
  penaltyAt(t: number, seedIndex = 0): number {
    const penalty = this.arch.penalty;
    if (!penalty) return 0;
    const coef = this.units?.[seedIndex].penaltyCoef ?? penalty.coef(this.spec);
    const warm = (penalty.warmupFraction?.(this.spec) ?? 0) * this.totalSteps;
    return warm > 0 ? coef * Math.min(1, t / warm) : coef;
  }

  /** The rows seed `seedIndex` trains on at (0-based) step t. */
  batchRows(seedIndex: number, t: number): Int32Array {
    const B = this.spec.batchSize;
    const start = (t % this.stepsPerEpoch) * B;
    return this.orders[seedIndex].permutation(Math.floor(t / this.stepsPerEpoch)).subarray(start, Math.min(start + B, this.rows));
  }

  /** One step of every seed. Enqueues work only. */
  step(): void {
    for (const { seedIndices, group } of this.groups) {
      const penalty = this.units ? seedIndices.map((i) => this.penaltyAt(this.t + 1, i)) : this.penaltyAt(this.t + 1);
      const batches = seedIndices.map((i) => this.batchRows(i, this.t));
      const rows = batches[0].length;
      const d = this.dIn;
      const batch = new Float32Array(batches.length * rows * d);
      batches.forEach((b, j) => b.forEach((r, i) => batch.set(this.hostData.subarray(r * d, (r + 1) * d), (j * rows + i) * d)));
      group.step(batch, rows, penalty, this.extraTerm?.(this.t + 1, seedIndices) ?? undefined);
    }
    this.t += 1;
  }

  /**
   * Resolves once every enqueued step has run (for timing on asynchronous backends): reads one number per group, and
   * the dead-latent counters so that the next step's AuxK works on the current candidates.
   */
  async settled(): Promise<void> {
    for (const { group } of this.groups) {
      const probe = group.params.benc.slice([0, 0, 0], [1, 1, 1]);
      await probe.data();
      probe.dispose();
      await group.syncDeadCandidates();
    }
  }

  /** Every seed's metrics over the full activation set, read in one transfer. */
  async evaluate(): Promise<SaeMetrics> {
    const { rows, dIn, nLatents: n, evalChunkRows: chunk } = this;
    const packed = tf.tidy(() => {
      const perGroup = this.groups.map(({ group }) => {
        let sums: tf.Tensor2D | null = null;
        for (let r0 = 0; r0 < rows; r0 += chunk) {
          const part = group.evalSums(this.data.slice([r0, 0], [Math.min(chunk, rows - r0), dIn]));
          sums = sums ? (tf.add(sums, part) as tf.Tensor2D) : part;
        }
        return tf.concat([sums!, group.deadInWindow().reshape([-1, 1])], 1); // [S_g, 3 + n]
      });
      return tf.concat(perGroup, 0);
    });
    const all = (await packed.data()) as Float32Array;
    packed.dispose();
    const width = 3 + n;
    const order = this.groups.flatMap((g) => g.seedIndices);
    const seeds = new Array(order.length);
    const shape = { rows, dIn, n, scale: this.scale, totalVariance: this.totalVariance };
    order.forEach((seedIndex, r) => {
      const row = all.subarray(r * width, (r + 1) * width);
      seeds[seedIndex] = seedMetrics(this.spec.seeds[seedIndex], row, row[2 + n], shape);
    });
    const t = this.t;
    const l1 = this.penaltyAt(Math.max(t, 1));
    return { step: t, totalSteps: this.totalSteps, epoch: t / this.stepsPerEpoch, l1, seeds };
  }

  /**
   * Per seed, weights in SAELens layout acting on the raw activations. Training ran on x·c; since every activation
   * here commutes with positive scaling (a threshold scales with the pre-activations), z_raw = z/c and x̂_raw = x̂/c
   * follow from b_enc/c, b_dec/c and threshold/c alone, so the decoder rows keep their norms.
   */
  async weights(): Promise<SaeWeights[]> {
    const out = new Array<SaeWeights>(this.spec.seeds.length);
    for (const { seedIndices, group } of this.groups) {
      const ws = await group.weights();
      seedIndices.forEach((seedIndex, j) => (out[seedIndex] = this.toRaw(ws[j])));
    }
    return out;
  }

  /** What `weights()` returned before the first step, also after resuming from a checkpoint. */
  untrainedWeights(): SaeWeights[] {
    return this.untrained().map((w) => this.toRaw(w));
  }

  private toRaw(w: SaeWeights): SaeWeights {
    const raw = (v: number) => v / this.scale;
    return { ...w, b_enc: w.b_enc.map(raw), b_dec: w.b_dec.map(raw), ...(w.threshold ? { threshold: w.threshold.map(raw) } : {}) };
  }

  /**
   * Everything needed to continue exactly from here, per seed: weights in training space, Adam moments, steps since
   * each latent fired (AuxK), and where its data order stands. Call it between steps.
   */
  async checkpoint(): Promise<TrainerCheckpoint> {
    const states: SeedState[] = new Array(this.spec.seeds.length);
    for (const { seedIndices, group } of this.groups) (await group.state()).forEach((st, j) => (states[seedIndices[j]] = st));
    const tensors: TrainerCheckpoint['tensors'] = {};
    const counters: TrainerCheckpoint['counters'] = { [SCALE]: [this.scale], [EPOCH]: this.orders.map((o) => o.state().epoch) };
    states.forEach(({ weights: w, sinceFired }, i) => {
      for (const [name, shape] of seedShapes(i, this.dIn, this.nLatents, this.arch)) tensors[name] = { shape, data: w[name.split('.')[1] as WeightName]! };
      counters[`seed${i}.sinceFired`] = Array.from(sinceFired);
    });
    return {
      kind: 'saes', step: this.t, tensors, counters,
      optimizers: states.map((st) => st.adam),
      rngs: this.orders.map((o) => o.state().rng),
    };
  }

  dispose(): void {
    for (const { group } of this.groups) group.dispose();
    this.data.dispose();
  }
}

type WeightName = 'W_enc' | 'b_enc' | 'W_dec' | 'b_dec' | 'threshold';
const SCALE = 'scale';
const EPOCH = 'dataOrder.epoch';

/** Names and shapes of seed i's tensors in a checkpoint (training space, SAELens layout). */
function seedShapes(i: number, dIn: number, n: number, arch: SaeArchitectureRuntime): [string, number[]][] {
  const shapes: [string, number[]][] = [[`seed${i}.W_enc`, [dIn, n]], [`seed${i}.b_enc`, [n]], [`seed${i}.W_dec`, [n, dIn]], [`seed${i}.b_dec`, [dIn]]];
  return arch.threshold ? [...shapes, [`seed${i}.threshold`, [n]]] : shapes;
}

function savedSeed(c: TrainerCheckpoint, i: number): SeedState {
  const t = (name: WeightName) => c.tensors[`seed${i}.${name}`];
  const weights: SaeWeights = { dIn: t('b_dec').data.length, dSae: t('b_enc').data.length, W_enc: t('W_enc').data, b_enc: t('b_enc').data, W_dec: t('W_dec').data, b_dec: t('b_dec').data };
  if (t('threshold')) weights.threshold = t('threshold').data;
  return { weights, adam: c.optimizers[i], sinceFired: Float32Array.from(c.counters[`seed${i}.sinceFired`]) };
}

/** Throws unless `c` was saved by a trainer of this spec on these very activations (same scale, bit for bit). */
function checkSaeCheckpoint(c: TrainerCheckpoint, spec: SaeSpec, dIn: number, n: number, scale: number, arch: SaeArchitectureRuntime): void {
  const S = spec.seeds.length;
  checkCheckpoint(c, 'saes', spec.seeds.flatMap((_, i) => seedShapes(i, dIn, n, arch)), S);
  if (c.rngs.length !== S || c.counters[EPOCH]?.length !== S) throw new CheckpointError('SAE checkpoint lacks a data order per seed');
  for (let i = 0; i < S; i++) {
    if (c.counters[`seed${i}.sinceFired`]?.length !== n) throw new CheckpointError(`SAE checkpoint lacks seed ${i}'s dead-latent counters`);
  }
  if (c.counters[SCALE]?.[0] !== scale) {
    throw new CheckpointError('these activations differ from the ones the SAE checkpoint was trained on (another transformer or step)');
  }
}
