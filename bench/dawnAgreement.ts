/**
 * `npx tsx bench/dawnAgreement.ts --dawn DIR`: every registered SAE architecture trains three seeds, batched, on
 * WebGPU through Dawn (a real GPU where the machine has one), and the same spec on the cpu backend; it prints both
 * runs' FVU and L0 per seed and exits 1 if they disagree beyond float32 drift over a short run, or if WebGPU leaks
 * tensors over the steps. The browser suite checks the new architectures on wasm only; this is the WebGPU side.
 */
import { saeArchitectureList } from '../src/core/sae/arch/index.ts';
import { Rng } from '../src/core/rng.ts';
import { SaeTrainer, defaultSeedGrouping } from '../src/core/sae/trainer.ts';
import { defaultsOf } from '../src/core/spec/fields.ts';
import { type SaeSpec, saeFields } from '../src/core/spec/sae.ts';
import * as tf from '../src/core/tf.ts';
import { startDawn } from './dawnStart.ts';

const STEPS = 40;

async function train(spec: SaeSpec, acts: { data: Float32Array; rows: number; cols: number }) {
  const trainer = new SaeTrainer(spec, acts, defaultSeedGrouping(tf.getBackend()));
  trainer.step();
  await trainer.settled();
  const before = tf.memory().numTensors;
  for (let i = 1; i < STEPS; i++) trainer.step();
  await trainer.settled();
  const leaked = tf.memory().numTensors - before;
  const m = await trainer.evaluate();
  trainer.dispose();
  return { leaked, seeds: m.seeds.map((s) => ({ fvu: s.fvu, l0: s.l0 })) };
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--dawn');
  await startDawn(i >= 0 ? process.argv[i + 1] : process.env.DAWN_NODE_PACKAGE ?? '', []);
  const rows = 2048, cols = 32;
  const acts = { data: new Rng(11).normals(rows * cols), rows, cols };
  let failed = false;
  for (const arch of saeArchitectureList) {
    const spec: SaeSpec = { ...defaultsOf(saeFields), architecture: arch.name, expansion: 4, k: 4, batchSize: 256, epochs: 5, seeds: [1, 2, 3] } as SaeSpec;
    await tf.setBackend('webgpu');
    const gpu = await train(spec, acts);
    await tf.setBackend('cpu');
    const cpu = await train(spec, acts);
    const worst = Math.max(...gpu.seeds.map((s, j) => Math.abs(s.fvu - cpu.seeds[j].fvu)));
    const ok = gpu.leaked === 0 && worst < 0.02 && gpu.seeds.every((s) => Number.isFinite(s.fvu));
    failed ||= !ok;
    const fmt = (r: typeof gpu) => r.seeds.map((s) => `${s.fvu.toFixed(4)}/${s.l0.toFixed(1)}`).join(' ');
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${arch.name.padEnd(10)} webgpu FVU/L0 ${fmt(gpu)} | cpu ${fmt(cpu)} | |ΔFVU| ≤ ${worst.toExponential(1)}, tensors leaked ${gpu.leaked}`);
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
