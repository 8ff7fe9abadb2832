import * as tf from '../core/tf.ts';

/** tfjs-backend-webgpu's MatMulProgramType.MatMulPackedProgram (the enum is not exported). */
const MATMUL_PACKED_PROGRAM = 3;

/**
 * Flags for tfjs-backend-webgpu, set once it has started (the engine worker and `npm run bench:dawn` share them).
 * - On a hardware adapter, `WEBGPU_CPU_FORWARD` off: with it on, a kernel whose inputs are all small and still on the host runs in
 *   JavaScript. `tf.sparseToDense` (TopK's scatter) tiles its scalar default value that way into the whole dense
 *   [B, n] output, then uploads it: on an H200 that was ~96 % of a TopK SAE step (14.5 ms of GPU kernels in a
 *   ~400 ms step; docs/benchmarks.md, "WebGPU on a real GPU"). SwiftShader keeps it on: there every extra dispatch
 *   of a small kernel costs more than the JavaScript, and its timings were measured that way.
 * - On SwiftShader, Chrome's CPU implementation of WebGPU, every matMul uses the general 32×32-tiled shader: the
 *   shaders tfjs picks for small outputs (one workgroup per output element, or small tiles) emulate workgroup
 *   barriers and run up to ~100× slower there. Real GPUs keep tfjs's choice.
 */
export function tuneWebgpu(): void {
  const info = (tf.backend() as unknown as { adapterInfo?: { architecture?: string } }).adapterInfo;
  if (info?.architecture === 'swiftshader') tf.env().set('WEBGPU_MATMUL_PROGRAM_TYPE', MATMUL_PACKED_PROGRAM);
  else tf.env().set('WEBGPU_CPU_FORWARD', false);
}
