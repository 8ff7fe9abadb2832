import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { transformerPresets } from '../../../src/core/spec/transformer.ts';
import * as tf from '../../../src/core/tf.ts';
import { TransformerTrainer } from '../../../src/core/train/transformerTrainer.ts';
import { useBackend } from '../../helpers/backend.ts';

// A small two-layer model so every kind of parameter (both blocks, biases) is checked.
const spec = { ...transformerPresets.tiny, p: 7, dModel: 8, nHeads: 2, dMlp: 16, nLayers: 2, trainFraction: 0.6, seed: 3 };

describe('transformer loss gradients (cpu backend)', () => {
  beforeAll(() => useBackend('cpu'));

  it('match central finite differences along random directions for every parameter', async () => {
    const trainer = new TransformerTrainer(spec);
    // Move away from the initial point so biases and attention are non-trivial.
    for (let i = 0; i < 5; i++) trainer.step();
    const vars = trainer.model.variables();
    const { grads } = tf.variableGrads(() => trainer.trainLoss(), vars);
    const rng = new Rng(99);
    const eps = 1e-2;
    for (const v of vars) {
      const original = v.clone();
      const direction = tf.tensor(rng.normals(v.size), v.shape);
      const unit = tf.div(direction, tf.norm(direction));
      const analytic = (await tf.sum(tf.mul(grads[v.name], unit)).data())[0];
      v.assign(tf.add(original, tf.mul(unit, eps)));
      const plus = (await trainer.trainLoss().data())[0];
      v.assign(tf.sub(original, tf.mul(unit, eps)));
      const minus = (await trainer.trainLoss().data())[0];
      v.assign(original);
      const numeric = (plus - minus) / (2 * eps);
      const scale = Math.max(Math.abs(analytic), Math.abs(numeric), 1e-3);
      expect(Math.abs(analytic - numeric) / scale, `${v.name} ${v.shape}`).toBeLessThan(0.03);
      tf.dispose([original, direction, unit]);
    }
    tf.dispose(Object.values(grads));
    trainer.dispose();
  });
});
