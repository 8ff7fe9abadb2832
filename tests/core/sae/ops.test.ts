import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { addRowBias, detached, linear2d, seedMatMul, stopGradient, sumRows, topkRelu } from '../../../src/core/sae/ops.ts';
import * as tf from '../../../src/core/tf.ts';
import { useBackend } from '../../helpers/backend.ts';

const rand = <T extends tf.Tensor = tf.Tensor>(shape: number[], seed: number) => tf.tensor(new Rng(seed).normals(shape.reduce((a, b) => a * b, 1)), shape) as T;

async function close(a: tf.Tensor, b: tf.Tensor, tol = 1e-4) {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [await a.data(), await b.data()];
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / (1 + Math.abs(y[i])));
  expect(worst).toBeLessThan(tol);
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`SAE ops (${backend})`, () => {
    it('linear2d has the value and gradients of a plain matMul, whichever operand it transposes', async () => {
      await useBackend(backend);
      for (const [R, k, n] of [[6, 4, 5], [3, 8, 2]]) {
        const a = rand<tf.Tensor2D>([R, k], 1);
        const w = rand<tf.Tensor2D>([k, n], 2);
        const probe = rand([R, n], 3); // a random linear functional of the output
        const loss = (f: (a: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor) => (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor2D, y as tf.Tensor2D), probe));
        const [ga, gw] = tf.grads(loss(linear2d))([a, w]);
        const [ra, rw] = tf.grads(loss((x, y) => tf.matMul(x, y)))([a, w]);
        await close(linear2d(a, w), tf.matMul(a, w));
        await close(ga, ra);
        await close(gw, rw);
      }
    });

    it('seedMatMul gives each seed its own product, batched or split, with shared rows too', async () => {
      await useBackend(backend);
      const a = rand([3, 5, 4], 4);
      const shared = rand([1, 5, 4], 5);
      const w = rand([3, 4, 6], 6);
      for (const mode of ['batched', 'split'] as const) {
        for (let s = 0; s < 3; s++) {
          const ws = w.slice([s, 0, 0], [1, 4, 6]).reshape([4, 6]) as tf.Tensor2D;
          await close(seedMatMul(a, w, mode).slice([s, 0, 0], [1, 5, 6]).reshape([5, 6]), tf.matMul(a.slice([s, 0, 0], [1, 5, 4]).reshape([5, 4]) as tf.Tensor2D, ws));
          await close(seedMatMul(shared, w, mode).slice([s, 0, 0], [1, 5, 6]).reshape([5, 6]), tf.matMul(shared.reshape([5, 4]) as tf.Tensor2D, ws));
        }
        const probe = rand([3, 5, 6], 7);
        const [ga, gw] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(seedMatMul(x, y, mode), probe)))([a, w]);
        const [ra, rw] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D), probe)))([a, w]);
        await close(ga, ra);
        await close(gw, rw);
      }
    });

    it('addRowBias and sumRows sum over rows per seed, batched or split, for one seed too', async () => {
      await useBackend(backend);
      for (const S of [2, 1]) {
        for (const mode of ['split', 'batched'] as const) {
          const x = rand([S, 7, 3], 8);
          const b = rand([S, 1, 3], 9);
          await close(sumRows(x, mode), tf.sum(x, 1, true));
          const probe3 = rand([S, 1, 3], 14);
          const gs = tf.grad((u: tf.Tensor) => tf.sum(tf.mul(sumRows(u, mode), probe3)))(x);
          await close(gs, tf.grad((u: tf.Tensor) => tf.sum(tf.mul(tf.sum(u, 1, true), probe3)))(x));
          const probe = rand([S, 7, 3], 10);
          const [gx, gb] = tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(tf.mul(addRowBias(u, v, mode), probe)))([x, b]);
          await close(gx, probe);
          await close(gb, tf.sum(probe, 1, true));
        }
      }
    });

    it('detached computes f(x) and passes no gradient back to x', async () => {
      await useBackend(backend);
      const x = rand([2, 5], 15);
      const f = (u: tf.Tensor) => tf.sum(tf.square(u), 1);
      await close(detached(f, x), f(x));
      // d/dx [Σx + Σ detached(Σx²)] is 1 everywhere: the detached term adds nothing.
      await close(tf.grad((u: tf.Tensor) => tf.add(tf.sum(u), tf.sum(detached(f, u))))(x), tf.onesLike(x));
    });

    it('topkRelu keeps exactly the k largest entries of each row (ReLU after), ties included', async () => {
      await useBackend(backend);
      const R = 9, n = 12, k = 4;
      const data = new Rng(11).normals(R * n);
      data.fill(0.5, 0, n); // row 0: all tied
      data.fill(-1, n, 2 * n); // row 1: all negative → nothing fires
      const z = await topkRelu(tf.tensor(data, [R, n]), k).data();
      for (let r = 0; r < R; r++) {
        const row = Array.from(data.subarray(r * n, (r + 1) * n));
        const active = Array.from(z.subarray(r * n, (r + 1) * n)).filter((v) => v > 0).length;
        const positives = row.filter((v) => v > 0).length;
        expect(active).toBe(Math.min(k, positives));
        const kth = [...row].sort((a, b) => b - a)[k - 1];
        for (let i = 0; i < n; i++) if (z[r * n + i] > 0) expect(z[r * n + i]).toBe(row[i]);
        if (r > 1) for (let i = 0; i < n; i++) expect(z[r * n + i] > 0).toBe(row[i] >= kth && row[i] > 0);
      }
    });

    it('topkRelu passes the gradient only through active entries; stopGradient passes none', async () => {
      await useBackend(backend);
      const x = rand([5, 8], 12);
      const probe = rand([5, 8], 13);
      const g = tf.grad((u: tf.Tensor) => tf.sum(tf.mul(topkRelu(u, 3), probe)))(x);
      const z = topkRelu(x, 3);
      await close(g, tf.mul(probe, tf.step(z)));
      const g0 = tf.grad((u: tf.Tensor) => tf.sum(tf.mul(stopGradient(u), probe)))(x);
      expect(Array.from(await g0.data()).every((v) => v === 0)).toBe(true);
      await close(stopGradient(x), x);
    });
  });
}
