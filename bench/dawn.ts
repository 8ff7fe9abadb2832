/**
 * `npm run bench:dawn -- --dawn DIR [--json] [--json-out FILE] [--repeats N] [--quick] [--full] [--only transformer,sae,stability] [--profile]`:
 * the suite of `npm run bench` on tfjs-backend-webgpu in Node, through Dawn (Chromium's own WebGPU implementation)
 * as the `webgpu` npm package ships it. DIR is that package unpacked (`npm pack webgpu@0.6.2 && tar xzf …`; it is
 * not a dependency: 51 MB for one benchmark). Dawn picks the machine's Vulkan driver, so on a GPU machine this measures
 * the lab's WebGPU kernels on the GPU without a browser; scripts/device/webgpu-bench.sh packs it for such a machine.
 * On SwiftShader (no GPU) it runs like bench:browser's webgpu pass: 1 warm-up + 1 timed run, slow cases skipped.
 */
import { writeFileSync } from 'node:fs';
import { formatReport, memoryLeaked } from '../src/bench/report.ts';
import { parseCaseKinds, runSuite } from '../src/bench/suite.ts';
import * as tf from '../src/core/tf.ts';
import { startDawn } from './dawnStart.ts';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * `--profile`: one SAE step of the suite's 1-seed, 10 %-dead case under `tf.profile`, kernel time summed by kernel
 * name (GPU timestamp queries), beside the step's wall time: what the GPU computes against what waits on the host.
 */
async function profileSaeStep(log: (s: string) => void): Promise<void> {
  const { profiledSaeStep } = await import('../src/bench/saeCases.ts');
  const { wallMs, kernels } = await profiledSaeStep(tf.getBackend(), log);
  const byName = new Map<string, { ms: number; count: number }>();
  for (const k of kernels) {
    const e = byName.get(k.name) ?? { ms: 0, count: 0 };
    byName.set(k.name, { ms: e.ms + k.ms, count: e.count + 1 });
  }
  const total = kernels.reduce((a, k) => a + k.ms, 0);
  log(`SAE step: wall ${wallMs.toFixed(1)} ms, ${kernels.length} kernels, ${total.toFixed(1)} ms of kernel time`);
  for (const [name, e] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) log(`  ${name.padEnd(28)} ${e.ms.toFixed(2).padStart(9)} ms  ×${e.count}`);
}

async function main(): Promise<void> {
  const dir = flag('--dawn') ?? process.env.DAWN_NODE_PACKAGE;
  if (!dir) throw new Error('name the unpacked `webgpu` npm package: --dawn DIR (see the comment at the top of bench/dawn.ts)');
  const json = process.argv.includes('--json');
  const log = (s: string) => !json && process.stderr.write(s + '\n');
  const profile = process.argv.includes('--profile');
  const info = await startDawn(dir, profile ? ['enable-dawn-features=allow_unsafe_apis'] : []);
  if (profile) return profileSaeStep((s) => process.stdout.write(s + '\n'));
  const software = info.architecture === 'swiftshader';
  const quick = process.argv.includes('--quick');
  const repeats = Number(flag('--repeats') ?? (software ? 1 : quick ? 2 : 5));
  const skipSlow = software && !process.argv.includes('--full');
  const adapter = [info.vendor, info.architecture, info.description].filter(Boolean).join(' / ');
  log(`webgpu on Dawn: ${adapter}; ${repeats} repeats after warm-up`);
  const plan = { backend: 'webgpu', repeats, warmup: software ? 1 : 2, quick, skipSlow, memorySteps: software ? 10 : quick ? 20 : 200, only: parseCaseKinds(flag('--only')) };
  const report = await runSuite(plan, `node ${process.version}, Dawn (webgpu npm package): ${adapter}`, log);
  process.stdout.write((json ? JSON.stringify(report, null, 2) : formatReport(report)) + '\n');
  const jsonOut = flag('--json-out');
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(report, null, 2) + '\n');
  if (memoryLeaked(report.memory)) process.exitCode = 1;
}

main().then(
  () => process.exit(),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
