/**
 * JumpReLU and BatchTopK against an independent float64 reference written here from the papers' definitions
 * (forward, loss, straight-through threshold gradients, BatchTopK's batch selection and threshold estimate), then
 * trained on cpu and wasm with several seeds, exported in SAELens layout and read back.
 */
import { describe, expect, it } from 'vitest';
import { readImportedSaes } from '../../../src/core/io/saeImport.ts';
import { Rng } from '../../../src/core/rng.ts';
import { getArchitecture } from '../../../src/core/sae/architectures.ts';
import type { SaeWeights } from '../../../src/core/sae/init.ts';
import { type SaeParams, saeForward } from '../../../src/core/sae/model.ts';
import { SaeTrainer } from '../../../src/core/sae/trainer.ts';
import { saePresets } from '../../../src/core/spec/sae.ts';
import { transformerPresets } from '../../../src/core/spec/transformer.ts';
import * as tf from '../../../src/core/tf.ts';
import { saeLensFiles } from '../../../src/core/experiment/saeExport.ts';
import { useBackend } from '../../helpers/backend.ts';
import { plantedData, smallSpec } from './synthetic.ts';

/** A small hand-made case: d = 3 inputs, n = 4 latents, B = 5 rows; row-major plain arrays. */
const d = 3, n = 4, B = 5;
const rng = new Rng(7);
const X = Array.from(rng.normals(B * d), (v) => v * 1.5); // [B, d]
const We = Array.from(rng.normals(d * n)); // [d, n]
const be = [0.3, -0.2, 0.1, 0.05];
const Wd = Array.from(rng.normals(n * d)); // [n, d]
const bd = [0.1, -0.1, 0.2];
const theta = [2.9, 1.0, 0.5, 1.5]; // near some pre-activations, so that the kernel sees them

/** pre[r][i] = Σ_j (x − b_dec)_j W_enc[j, i] + b_enc[i], in float64. */
const preOf = () => Array.from({ length: B }, (_, r) => Array.from({ length: n }, (_, i) => be[i] + [0, 1, 2].reduce((s, j) => s + (X[r * d + j] - bd[j]) * We[j * n + i], 0)));
const decode = (z: number[][]) => z.map((row) => bd.map((b, j) => b + row.reduce((s, v, i) => s + v * Wd[i * d + j], 0)));
const H = (v: number) => (v > 0 ? 1 : 0);
const rect = (u: number) => (Math.abs(u) < 0.5 ? 1 : 0);

/**
 * JumpReLU by the paper: z = pre·H(pre − θ); L = Σ||x − x̂||² / (B·v) + λ Σ H(pre − θ) / B. Gradients: exact through
 * z's linear part, straight-through for θ: ∂z/∂θ = −(θ/ε) K((pre − θ)/ε), ∂H/∂θ = −(1/ε) K(·), K(u) = 1[|u| < ½].
 */
function jumpReluReference(lambda: number, eps: number, v: number) {
  const pre = preOf();
  const z = pre.map((row) => row.map((p, i) => p * H(p - theta[i])));
  const xHat = decode(z);
  const err = xHat.map((row, r) => row.map((h, j) => X[r * d + j] - h));
  const active = pre.reduce((s, row) => s + row.reduce((a, p, i) => a + H(p - theta[i]), 0), 0);
  const loss = err.flat().reduce((s, e) => s + e * e, 0) / (B * v) + (lambda * active) / B;
  const dxHat = err.map((row) => row.map((e) => (-2 * e) / (B * v)));
  const dz = dxHat.map((row) => Array.from({ length: n }, (_, i) => row.reduce((s, g, j) => s + g * Wd[i * d + j], 0)));
  const dpre = dz.map((row, r) => row.map((g, i) => g * H(pre[r][i] - theta[i])));
  const dTheta = theta.map((t, i) => pre.reduce((s, row, r) => {
    const k = rect((row[i] - t) / eps);
    return s + dz[r][i] * (-t / eps) * k + (lambda / B) * (-1 / eps) * k;
  }, 0));
  const dWenc = Array.from({ length: d * n }, (_, a) => pre.reduce((s, _row, r) => s + (X[r * d + Math.floor(a / n)] - bd[Math.floor(a / n)]) * dpre[r][a % n], 0));
  const dbenc = theta.map((_, i) => dpre.reduce((s, row) => s + row[i], 0));
  const dWdec = Array.from({ length: n * d }, (_, a) => z.reduce((s, row, r) => s + row[Math.floor(a / d)] * dxHat[r][a % d], 0));
  const dbdec = bd.map((_, j) => dxHat.reduce((s, row, r) => s + row[j] - dpre[r].reduce((t, g, i) => t + g * We[j * n + i], 0), 0));
  const inWindow = pre.flat().filter((p, a) => rect((p - theta[a % n]) / eps)).length;
  return { z, loss, grads: [dWenc, dbenc, dWdec, dbdec, dTheta], inWindow };
}

function params(): SaeParams {
  return {
    Wenc: tf.variable(tf.tensor3d(We, [1, d, n])),
    benc: tf.variable(tf.tensor3d(be, [1, 1, n])),
    Wdec: tf.variable(tf.tensor3d(Wd, [1, n, d])),
    bdec: tf.variable(tf.tensor3d(bd, [1, 1, d])),
    threshold: tf.variable(tf.tensor3d(theta, [1, 1, n])),
  };
}

const close = (got: ArrayLike<number>, want: number[], tol = 1e-5) => {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => expect(Math.abs(got[i] - w), `entry ${i}: ${got[i]} vs ${w}`).toBeLessThan(tol * (1 + Math.abs(w))));
};

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`JumpReLU against a float64 reference (${backend})`, () => {
    it('gives the reference codes, loss and straight-through gradients, the threshold\'s included', async () => {
      await useBackend(backend);
      const jumprelu = getArchitecture('jumprelu');
      const [lambda, eps, v] = [0.3, 0.8, 1.7];
      const spec = smallSpec({ architecture: 'jumprelu', l0Coef: lambda, bandwidth: eps });
      const ref = jumpReluReference(lambda, eps, v);
      expect(ref.inWindow).toBeGreaterThan(3); // the kernel sees some pre-activations, so θ has a gradient to check
      const p = params();
      const vars = [p.Wenc, p.benc, p.Wdec, p.bdec, p.threshold!];
      const x = tf.tensor3d(X, [1, B, d]);
      let z: Float32Array | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const fwd = saeForward(x, p, (pre) => jumprelu.activate(pre, spec, p.threshold), 'split');
        z = fwd.z.dataSync() as Float32Array;
        return jumprelu.loss({ spec, x, fwd, params: p, mode: 'split', dead: tf.zeros([1, 1, n]), penalty: lambda, varPerRow: v });
      }, vars);
      close(z!, ref.z.flat());
      close(await value.data(), [ref.loss]);
      for (const [i, g] of vars.map((vr) => grads[vr.name]).entries()) close(await g.data(), ref.grads[i], 1e-4);
      expect(ref.grads[4].some((g) => Math.abs(g) > 1e-3)).toBe(true);
      // At inference the exported threshold gives the same codes.
      close(await jumprelu.infer(tf.tensor3d(preOf().flat(), [1, B, n]), spec, p.threshold).data(), ref.z.flat());
    });
  });

  describe(`BatchTopK against a float64 reference (${backend})`, () => {
    it('keeps the k·B largest codes of the batch, and estimates its threshold as SAELens does', async () => {
      await useBackend(backend);
      const batchtopk = getArchitecture('batchtopk');
      const k = 2;
      const spec = smallSpec({ architecture: 'batchtopk', k, thresholdRate: 0.25 });
      const pre = preOf();
      const flat = pre.flat().map((p) => Math.max(p, 0));
      const kept = [...flat.keys()].sort((a, b) => flat[b] - flat[a]).slice(0, k * B);
      const zRef = flat.map((v, a) => (kept.includes(a) ? v : 0));
      const rowsActive = Array.from({ length: B }, (_, r) => zRef.slice(r * n, (r + 1) * n).filter((v) => v > 0).length);
      expect(new Set(rowsActive).size).toBeGreaterThan(1); // not k per row: the batch decides
      const z = batchtopk.activate(tf.tensor3d(pre.flat(), [1, B, n]), spec);
      close(await z.data(), zRef);
      // After a step θ ← (1 − r)θ + r · min positive code (SAELens topk_threshold_lr), from its current value.
      const p = params();
      p.threshold!.assign(tf.fill([1, 1, n], 0.4));
      batchtopk.afterStep(p, z, spec);
      const minPositive = Math.min(...zRef.filter((v) => v > 0));
      close(await p.threshold!.data(), Array(n).fill(0.75 * 0.4 + 0.25 * minPositive));
      // Inference: ReLU(pre) where pre > θ.
      const th = 0.5;
      close(await batchtopk.infer(tf.tensor3d(pre.flat(), [1, B, n]), spec, tf.fill([1, 1, n], th)).data(), pre.flat().map((v) => (v > th ? v : 0)));
    });
  });
}

/** L0 and FVU of exported weights over raw rows, in float64: ReLU(pre) where pre > threshold. */
function thresholdMetrics(w: SaeWeights, data: Float32Array, rows: number) {
  const { dIn, dSae } = w;
  let active = 0, sse = 0;
  for (let r = 0; r < rows; r++) {
    const x = data.subarray(r * dIn, (r + 1) * dIn);
    const xHat = Float64Array.from(w.b_dec);
    for (let i = 0; i < dSae; i++) {
      let p = w.b_enc[i];
      for (let j = 0; j < dIn; j++) p += (x[j] - w.b_dec[j]) * w.W_enc[j * dSae + i];
      if (p <= w.threshold![i] || p <= 0) continue;
      active += 1;
      for (let j = 0; j < dIn; j++) xHat[j] += p * w.W_dec[i * dIn + j];
    }
    for (let j = 0; j < dIn; j++) sse += (x[j] - xHat[j]) ** 2;
  }
  return { l0: active / rows, sse };
}

describe('JumpReLU and BatchTopK training', () => {
  const data = plantedData({ d: 8, m: 12, rows: 256, active: 2, seed: 4 });
  const specs = {
    jumprelu: smallSpec({ architecture: 'jumprelu', seeds: [1, 2], batchSize: 64, epochs: 12, l0Coef: 0.01, bandwidth: 0.2, initThreshold: 0.2 }),
    batchtopk: smallSpec({ architecture: 'batchtopk', seeds: [1, 2], batchSize: 64, epochs: 12, k: 3, thresholdRate: 0.05 }),
  };
  for (const backend of ['cpu', 'wasm'] as const) {
    for (const [name, spec] of Object.entries(specs)) {
      it(`${name} (${backend}): several seeds train, batched and lockstep alike, and the exported threshold gives the metrics`, async () => {
        await useBackend(backend);
        const run = async (grouping: 'batched' | 'lockstep') => {
          const trainer = new SaeTrainer(spec, data, { grouping, matMul: grouping === 'batched' ? 'batched' : 'split' });
          const first = await trainer.evaluate();
          while (trainer.stepCount < trainer.totalSteps) trainer.step();
          const last = await trainer.evaluate();
          const weights = await trainer.weights();
          trainer.dispose();
          return { first, last, weights };
        };
        const before = tf.memory().numTensors;
        const batched = await run('batched');
        expect(tf.memory().numTensors).toBe(before);
        const lockstep = await run('lockstep');
        for (const s of [0, 1]) {
          expect(batched.last.seeds[s].fvu).toBeLessThan(0.5 * batched.first.seeds[s].fvu);
          expect(lockstep.last.seeds[s].fvu).toBeCloseTo(batched.last.seeds[s].fvu, 3);
          const w = batched.weights[s];
          expect(w.threshold!.every((t) => t > 0)).toBe(true); // learned / estimated, in raw units
          const ref = thresholdMetrics(w, data.data, data.rows);
          expect(batched.last.seeds[s].l0).toBeCloseTo(ref.l0, 1);
          expect(batched.last.seeds[s].l0).toBeLessThan(spec.expansion * 8 / 2); // sparse, not every latent
        }
        expect(batched.weights[0].W_dec).not.toEqual(batched.weights[1].W_dec); // the seeds differ
      });
    }
  }

  it('export in SAELens layout with threshold (BatchTopK as jumprelu) and read back as the architecture trained', () => {
    const transformer = transformerPresets.tiny;
    for (const architecture of ['jumprelu', 'batchtopk'] as const) {
      const spec = { ...saePresets.tiny, architecture, seeds: [3, 4] };
      const r = new Rng(9);
      const w = (): SaeWeights => ({ dIn: 32, dSae: 128, W_enc: r.normals(32 * 128), b_enc: r.normals(128), W_dec: r.normals(128 * 32), b_dec: r.normals(32), threshold: r.normals(128).map(Math.abs) });
      const ws = [w(), w()];
      const files = saeLensFiles(spec, ws);
      const cfg = JSON.parse(new TextDecoder().decode(files.find((f) => f.name === 'cfg.json')!.bytes));
      expect(cfg.architecture).toBe('jumprelu');
      const got = readImportedSaes(files.map((f) => ({ path: `${f.folder}/${f.name}`, bytes: f.bytes })), transformer, saePresets.phase1);
      expect(got.spec).toEqual(spec);
      expect(got.weights).toEqual(ws);
    }
  });
});
