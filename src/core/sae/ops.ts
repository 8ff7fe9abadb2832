import * as tf from '../tf.ts';
import { transpose2d } from '../linalg.ts';

/**
 * Small ops for the SAE step, each shaped by a wasm measurement (d_in 128, n 1024, 4096 rows): comparisons and
 * int32 adds with a broadcast operand run 25-40x slower than float arithmetic, reductions over a non-last axis and
 * big transposes cost about as much as a matMul, and matMul's transpose flags are 20-40x slower than the plain
 * product — except tᵀ·1 with a one-column result (sumRows), measured at 14 ms.
 */
type CustomGradFn = Parameters<typeof tf.customGrad>[0];
const custom = <F>(f: unknown): F => tf.customGrad(f as CustomGradFn) as unknown as F;

/**
 * a [R, k] · w [k, n] with explicit-transpose gradients. dW = aᵀ·dy is formed so that the smaller of a and dy is
 * the right-hand operand — xnnpack repacks the right-hand matrix on every call, so that costs more than
 * transposing the big one (measured, 4096 x 1024 against 4096 x 128: 66 ms against 97 ms). With `constA` (a is
 * data) a's gradient is not computed.
 */
function makeLinear(constA: boolean) {
  return custom<(a: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D>((a: tf.Tensor2D, w: tf.Tensor2D, save: tf.GradSaveFunc) => {
    save([a, w]);
    return {
      value: tf.matMul(a, w),
      gradFunc: (dy: tf.Tensor2D, [sa, sw]: tf.Tensor2D[]) => {
        const da = constA ? tf.zerosLike(sa) : tf.matMul(dy, transpose2d(sw));
        const dw = dy.size <= sa.size ? tf.matMul(transpose2d(sa), dy) : transpose2d(tf.matMul(transpose2d(dy), sa));
        return [da, dw];
      },
    };
  });
}
export const linear2d = makeLinear(false);
/** linear2d for a constant left operand (the data): skips a's gradient. */
export const dataLinear2d = makeLinear(true);

/**
 * How a seed-stacked product is computed. `batched` is one batched matMul (for GPU backends; ~40x slower than
 * separate products on wasm, measured); `split` does one 2-D product per seed and stacks the results.
 */
export type SeedMatMulMode = 'batched' | 'split';

const batchedMatMul = custom<(a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D>(
  (a: tf.Tensor3D, b: tf.Tensor3D, save: tf.GradSaveFunc) => {
    save([a, b]);
    return {
      value: tf.matMul(a, b),
      gradFunc: (dy: tf.Tensor3D, [sa, sb]: tf.Tensor3D[]) => {
        const da = tf.matMul(dy, tf.transpose(sb, [0, 2, 1]));
        const db = tf.matMul(tf.transpose(sa, [0, 2, 1]), dy);
        // a may be shared by every seed ([1, R, k]); its gradient then sums over them.
        return [sa.shape[0] === dy.shape[0] ? da : tf.sum(da, 0, true), db];
      },
    };
  },
);

/**
 * a [S or 1, R, k] · w [S, k, n] → [S, R, n]: seed s multiplies its own (or the shared) rows by its own weights.
 * `constA`: a is data and needs no gradient.
 */
export function seedMatMul(a: tf.Tensor, w: tf.Tensor, mode: SeedMatMulMode, constA = false): tf.Tensor3D {
  const [S, k, n] = w.shape as [number, number, number];
  const [Sa, R] = a.shape as [number, number, number];
  const lin = constA ? dataLinear2d : linear2d;
  if (S === 1 && Sa === 1) return lin(a.reshape([R, k]), w.reshape([k, n])).reshape([1, R, n]);
  if (mode === 'batched') return batchedMatMul(a as tf.Tensor3D, w as tf.Tensor3D);
  const shared = Sa === 1 ? (a.reshape([R, k]) as tf.Tensor2D) : null;
  const out = Array.from({ length: S }, (_, s) =>
    lin(shared ?? a.slice([s, 0, 0], [1, R, k]).reshape([R, k]), w.slice([s, 0, 0], [1, k, n]).reshape([k, n])),
  );
  return tf.stack(out) as tf.Tensor3D;
}

/**
 * Σ over the last axis, x [..., k] → [..., 1], as a product with a ones column. tfjs-webgpu reduces with one
 * workgroup per output, pathologically slow for many short rows (decoder norms: n rows of d_in); a matMul is fast
 * everywhere. The gradient broadcasts dy back over the axis.
 */
export function sumLast(x: tf.Tensor): tf.Tensor {
  const f = custom<(x: tf.Tensor) => tf.Tensor>((xs: tf.Tensor) => {
    const k = xs.shape[xs.rank - 1];
    return {
      value: tf.matMul(xs.reshape([-1, k]), tf.ones([k, 1])).reshape([...xs.shape.slice(0, -1), 1]),
      gradFunc: (dy: tf.Tensor) => tf.mul(dy, tf.ones(xs.shape)),
    };
  });
  return f(x);
}

/**
 * Σ of everything but the leading seed axis: t [S, …, k] → [S], in two stages (over k, then the rest) so that
 * no ones column is longer than a row count (a 1M-long one cost 30 ms to repack on wasm).
 */
export function sumPerSeed(t: tf.Tensor): tf.Tensor1D {
  const S = t.shape[0];
  const k = t.shape[t.rank - 1];
  return sumLast(sumLast(t.reshape([S, -1, k])).reshape([S, -1])).reshape([S]) as tf.Tensor1D;
}

/**
 * Σ over rows: t [S, R, n] → [S, 1, n]. Split (wasm): tᵀ·1 (measured, 4096 x 1024: 14 ms, against ~30 ms for a
 * reduction over a non-last axis or 1ᵀ·t, whose big right-hand side xnnpack must repack). Batched (GPU): 1ᵀ·t,
 * ~3x faster than tᵀ·1 on WebGPU/SwiftShader (1024 x 1024: ~100 ms against ~320 ms; tᵀ·1 gets a one-column
 * output, a 32-wide tile with 31 idle columns). The gradient broadcasts dy back over the rows as the outer product
 * 1·dy (4 ms on wasm; tf.broadcastTo's Tile took 230 ms).
 */
export function sumRows(t: tf.Tensor, mode: SeedMatMulMode): tf.Tensor3D {
  const f = custom<(t: tf.Tensor) => tf.Tensor3D>((ts: tf.Tensor) => {
    const [S, R, n] = ts.shape as [number, number, number];
    const ones = tf.ones([R, 1]);
    const value =
      mode === 'batched'
        ? tf.matMul(tf.ones([S, 1, R]), ts) // [S, 1, n]
        : S === 1
        ? tf.matMul(ts.reshape([R, n]), ones, true, false)
        : tf.stack(Array.from({ length: S }, (_, s) => tf.matMul(ts.slice([s, 0, 0], [1, R, n]).reshape([R, n]), ones, true, false)));
    return {
      value: value.reshape([S, 1, n]),
      gradFunc: (dy: tf.Tensor) => {
        const column = tf.ones([R, 1]); // forward-pass tensors are gone by now
        const perSeed = (s: number) => tf.matMul(column, dy.slice([s, 0, 0], [1, 1, n]).reshape([1, n])); // [R, n]
        return S === 1 ? perSeed(0).reshape([1, R, n]) : tf.stack(Array.from({ length: S }, (_, s) => perSeed(s)));
      },
    };
  });
  return f(t);
}

/** x [S, R, n] + b [S, 1, n], whose bias gradient sums rows with sumRows. */
export function addRowBias(x: tf.Tensor, b: tf.Tensor, mode: SeedMatMulMode): tf.Tensor3D {
  const f = custom<(x: tf.Tensor, b: tf.Tensor) => tf.Tensor3D>((xs: tf.Tensor, bs: tf.Tensor) => ({
    value: tf.add(xs, bs),
    gradFunc: (dy: tf.Tensor) => [dy, sumRows(dy, mode)],
  }));
  return f(x, b);
}

/** r·n for every entry of a [rows, k] index block, built in JS: an int32 broadcast add is ~25x slower on wasm. */
function rowOffsets(rows: number, k: number, n: number): tf.Tensor2D {
  const out = new Int32Array(rows * k);
  for (let r = 0; r < rows; r++) out.fill(r * n, r * k, (r + 1) * k);
  return tf.tensor2d(out, [rows, k], 'int32');
}

/**
 * z = ReLU(TopK(x)) along the last axis: the k largest entries of each row keep their value (if positive), all
 * others are 0 — exactly k candidates per row, ties included (Gao et al.; SAELens' TopK). z is dense so that the
 * decoder is one matMul; it is scattered from tf.topk's indices. tfjs has no TopK gradient: here it is dy where
 * z > 0 (the selection is piecewise constant).
 */
export function topkRelu(x: tf.Tensor, k: number): tf.Tensor {
  const f = custom<(x: tf.Tensor) => tf.Tensor>((xs: tf.Tensor, save: tf.GradSaveFunc) => {
    const n = xs.shape[xs.rank - 1];
    const rows = xs.size / n;
    const { values, indices } = tf.topk(xs.reshape([rows, n]), k); // [rows, k]
    const flat = tf.add(indices, rowOffsets(rows, k, n)).reshape([rows * k]) as tf.Tensor1D;
    const z = tf.sparseToDense(flat, tf.relu(values).reshape([rows * k]), [rows * n], 0).reshape(xs.shape);
    save([z]);
    return { value: z, gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(dy, tf.step(saved)) };
  });
  return f(x);
}

/**
 * A 0/1 matrix that picks `columns` of an n-wide axis, [n, u] (or [u, n] when `transposed`); u is the count rounded
 * up to a multiple of 32 (whole matMul tiles, few distinct shapes): the extra columns pick nothing (all 0).
 */
export function columnPicker(columns: Int32Array, n: number, transposed = false): tf.Tensor2D {
  const u = Math.ceil(columns.length / 32) * 32;
  const m = new Float32Array(n * u);
  columns.forEach((c, j) => (m[transposed ? j * n + c : c * u + j] = 1));
  return tf.tensor2d(m, transposed ? [u, n] : [n, u]);
}

/**
 * x [..., n] · pick [n, u] → [..., u]: the picked columns, exactly (one 1 per column). pick is a constant; x's
 * gradient is dy · pickᵀ.
 */
export function pickColumns(x: tf.Tensor, pick: tf.Tensor2D): tf.Tensor {
  const f = custom<(x: tf.Tensor, p: tf.Tensor2D) => tf.Tensor>((xs: tf.Tensor, ps: tf.Tensor2D, save: tf.GradSaveFunc) => {
    const [n, u] = ps.shape;
    save([ps]); // pick is an input so that backprop still holds it
    return {
      value: tf.matMul(xs.reshape([-1, n]), ps).reshape([...xs.shape.slice(0, -1), u]),
      gradFunc: (dy: tf.Tensor, [sp]: tf.Tensor[]) => [tf.matMul(dy.reshape([-1, u]), transpose2d(sp as tf.Tensor2D)).reshape(xs.shape), tf.zerosLike(sp)],
    };
  });
  return f(x, pick);
}

/** Pushes live latents far below zero so that only dead ones can enter the AuxK top-k. */
export const HIDE_LIVE = 1e6;

/**
 * f(x) treated as a constant: one recorded op whose gradient is zero, so that backprop does not run through f's
 * inner ops only to multiply by zero at a stopGradient behind them.
 */
export function detached(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor {
  const g = custom<(x: tf.Tensor) => tf.Tensor>((xs: tf.Tensor) => ({ value: f(xs), gradFunc: (dy: tf.Tensor) => tf.zerosLike(xs) }));
  return g(x);
}

/** Identity whose gradient is zero (torch's `.detach()`). */
export const stopGradient = custom<(x: tf.Tensor) => tf.Tensor>((x: tf.Tensor) => ({
  value: tf.clone(x),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

/** The backends where a batched matMul beats separate products. */
export const prefersBatchedMatMul = (backend: string): boolean => backend === 'webgpu' || backend === 'webgl';
