import * as tf from '../tf.ts';
import { type ModularDataset, makeDataset, subset } from '../data.ts';
import { AdamW } from '../optim/adamw.ts';
import type { TransformerSpec } from '../spec/transformer.ts';
import { Transformer, accuracy, crossEntropy } from '../transformer/model.ts';
import { type WeightMap, initialWeights, weightShapes } from '../transformer/weights.ts';
import { type TrainerCheckpoint, checkCheckpoint } from './checkpoint.ts';

/** One evaluation of the model, as plain numbers. */
export interface TransformerMetrics {
  step: number;
  trainLoss: number;
  testLoss: number;
  trainAcc: number;
  testAcc: number;
  lr: number;
}

/** Loss and accuracy over every input of the task. */
export interface AllPairsMetrics {
  loss: number;
  acc: number;
  /** p². */
  pairs: number;
}

interface Split {
  tokens: tf.Tensor2D; // [N, 3] int32
  labels: tf.Tensor1D; // [N] int32
  oneHot: tf.Tensor2D; // [N, p] float32
}

function uploadSplit(ds: ModularDataset, idx: Int32Array): Split {
  const { tokens, labels } = subset(ds, idx);
  const labelT = tf.tensor1d(labels, 'int32');
  return {
    tokens: tf.tensor2d(tokens, [idx.length, 3], 'int32'),
    labels: labelT,
    oneHot: tf.tidy(() => tf.oneHot(labelT, ds.p).toFloat() as tf.Tensor2D),
  };
}

/**
 * Full-batch training of the modular-addition transformer. `step()` only enqueues work on the backend and returns
 * nothing; `evaluate()` packs every metric into one tensor and reads it with a single async `data()` call, so the
 * loop never blocks on the device (no dataSync on WebGPU) and no tensor outlives a step.
 */
export class TransformerTrainer {
  readonly dataset: ModularDataset;
  readonly model: Transformer;
  readonly optimizer: AdamW;
  private readonly train: Split;
  private readonly test: Split;

  constructor(readonly spec: TransformerSpec, weights: WeightMap = initialWeights(spec)) {
    this.dataset = makeDataset(spec.p, spec.trainFraction, spec.seed);
    this.model = new Transformer(spec, weights);
    this.optimizer = new AdamW(this.model.variables(), {
      lr: spec.lr,
      beta1: spec.beta1,
      beta2: spec.beta2,
      eps: spec.eps,
      weightDecay: spec.weightDecay,
      warmupSteps: spec.warmupSteps,
      grokfast: { alpha: spec.grokfastAlpha, lambda: spec.grokfastLambda },
    });
    this.train = uploadSplit(this.dataset, this.dataset.trainIdx);
    this.test = uploadSplit(this.dataset, this.dataset.testIdx);
  }

  get stepCount(): number {
    return this.optimizer.step;
  }

  /** The training loss as a function of the model's variables (used by step and by gradient checks). */
  trainLoss(): tf.Scalar {
    return crossEntropy(this.model.forward(this.train.tokens), this.train.oneHot);
  }

  /** One full-batch AdamW step. */
  step(): void {
    tf.tidy(() => {
      const vars = this.model.variables();
      const { grads } = tf.variableGrads(() => this.trainLoss(), vars);
      this.optimizer.apply(vars.map((v) => grads[v.name]));
    });
  }

  /** Resolves when the device has applied every step enqueued so far (reads one weight; see Stepper.fence). */
  async fence(): Promise<void> {
    const probe = tf.tidy(() => this.model.variables()[0].flatten().slice(0, 1)); // [1]
    try {
      await probe.data();
    } finally {
      probe.dispose();
    }
  }

  /** Train/test loss and accuracy, read asynchronously in one transfer. */
  async evaluate(): Promise<TransformerMetrics> {
    const packed = tf.tidy(() => {
      const trainLogits = this.model.forward(this.train.tokens);
      const testLogits = this.model.forward(this.test.tokens);
      return tf.stack([
        crossEntropy(trainLogits, this.train.oneHot),
        crossEntropy(testLogits, this.test.oneHot),
        accuracy(trainLogits, this.train.labels),
        accuracy(testLogits, this.test.labels),
      ]);
    });
    const [trainLoss, testLoss, trainAcc, testAcc] = await packed.data();
    packed.dispose();
    const step = this.optimizer.step;
    return { step, trainLoss, testLoss, trainAcc, testAcc, lr: this.optimizer.learningRate(Math.max(step, 1)) };
  }

  /**
   * Loss and accuracy over all p² pairs, train and test together: what can be said of a model whose split is not
   * known (one trained elsewhere), read asynchronously in one transfer.
   */
  async evaluateAllPairs(): Promise<AllPairsMetrics> {
    const { allTokens, allLabels, p } = this.dataset;
    const pairs = allLabels.length;
    const packed = tf.tidy(() => {
      const labels = tf.tensor1d(allLabels, 'int32');
      const logits = this.model.forward(tf.tensor2d(allTokens, [pairs, 3], 'int32'));
      return tf.stack([crossEntropy(logits, tf.oneHot(labels, p).toFloat() as tf.Tensor2D), accuracy(logits, labels)]);
    });
    const [loss, acc] = await packed.data();
    packed.dispose();
    return { loss, acc, pairs };
  }

  /**
   * Everything needed to continue exactly from here: weights (TransformerLens layout), AdamW moments and step.
   * Call it between steps (the reads are async; a step enqueued meanwhile would be read half-applied).
   */
  async checkpoint(): Promise<TrainerCheckpoint> {
    const [tensors, adam] = await Promise.all([this.model.weights(), this.optimizer.getState()]);
    return { kind: 'transformer', step: adam.step, tensors, optimizers: [adam], rngs: [], counters: {} };
  }

  /** A trainer that continues from `checkpoint` (taken from a trainer of the same spec); throws if it does not fit. */
  static fromCheckpoint(spec: TransformerSpec, checkpoint: TrainerCheckpoint): TransformerTrainer {
    checkCheckpoint(checkpoint, 'transformer', weightShapes(spec), 1);
    const trainer = new TransformerTrainer(spec, checkpoint.tensors);
    try {
      trainer.optimizer.setState(checkpoint.optimizers[0]);
    } catch (e) {
      trainer.dispose();
      throw e;
    }
    return trainer;
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    for (const t of [...Object.values(this.train), ...Object.values(this.test)]) t.dispose();
  }
}
