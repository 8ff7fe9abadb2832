/**
 * Timing of the analysis core in Node (wasm backend): the assignment solver at n = 1024 and all three stability
 * forms for 5 SAEs x 1,024 latents (d = 128). Run: npx tsx bench/analysis.ts
 */
import { startNodeBackend } from '../cli/nodeBackend.ts';
import { solveAssignment } from '../src/core/analysis/hungarian.ts';
import { randomUnitDictionary } from '../src/core/analysis/randomBaseline.ts';
import { type Dictionary } from '../src/core/analysis/pairMetrics.ts';
import { pairwiseStability } from '../src/core/analysis/stability.ts';
import { Rng } from '../src/core/rng.ts';

const n = 1024;
const d = 128;
const reps = 5;

/** Seeds that share `sharedShare` of a common set of directions (each perturbed by noise), the rest random. */
function seedDictionaries(rng: Rng, seeds: number, sharedShare: number, noise: number): Dictionary[] {
  const common = randomUnitDictionary(rng, n, d);
  return Array.from({ length: seeds }, () => {
    const perm = rng.permutation(n);
    const fresh = randomUnitDictionary(rng, n, d);
    const dict = () => {
      const out = new Float32Array(n * d);
      for (let i = 0; i < n; i++) {
        const src = i < sharedShare * n ? common : fresh;
        for (let k = 0; k < d; k++) out[perm[i] * d + k] = src[i * d + k] + (noise / Math.sqrt(d)) * rng.normal();
      }
      return out;
    };
    return { n, d, decoder: dict(), encoder: dict() };
  });
}

/** CPU time (user + system) in ms: on this shared 2-core machine wall time mostly measures the neighbours' load. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

function minTime(f: () => void): string {
  let wall = Infinity;
  let cpu = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    f();
    cpu = Math.min(cpu, cpuMs(c0));
    wall = Math.min(wall, performance.now() - t0);
  }
  return `${cpu.toFixed(0)} ms CPU (${wall.toFixed(0)} ms wall)`;
}

async function main(): Promise<void> {
  const { backend } = await startNodeBackend('wasm');
  const rng = new Rng(1);
  const a = randomUnitDictionary(rng, n, d);
  const b = randomUnitDictionary(rng, n, d);
  const cost = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += a[i * d + k] * b[j * d + k];
      cost[i * n + j] = 1 - Math.abs(s);
    }
  }
  const uniform = Float64Array.from({ length: n * n }, () => rng.uniform());
  console.log(`backend ${backend}; min of ${reps}`);
  console.log(`assignment 1024x1024, 1 - |cos| of random unit vectors: ${minTime(() => solveAssignment(cost, n, n))}`);
  console.log(`assignment 1024x1024, same, dense last phase: ${minTime(() => solveAssignment(cost, n, n, { method: 'dense' }))}`);
  console.log(`assignment 1024x1024, uniform [0,1) costs: ${minTime(() => solveAssignment(uniform, n, n))}`);
  for (const [label, share, noise] of [['random (untrained-like)', 0, 0], ['half shared, noise 0.5', 0.5, 0.5], ['90% shared, noise 0.3', 0.9, 0.3]] as const) {
    const dicts = seedDictionaries(rng, 5, share, noise);
    let best = Infinity;
    let cpu = Infinity;
    let summary = '';
    for (let r = 0; r < 3; r++) {
      const c0 = process.cpuUsage();
      const res = await pairwiseStability(dicts);
      cpu = Math.min(cpu, cpuMs(c0));
      best = Math.min(best, res.elapsedMs);
      summary = `max ${res.pwmccMax.mean.toFixed(3)}, 1:1 ${res.pwmccOneToOne!.mean.toFixed(3)}, shared ${res.sharedFraction!.mean.toFixed(3)}`;
    }
    console.log(`5 SAEs x ${n}, all three forms, ${label}: ${cpu.toFixed(0)} ms CPU (${best.toFixed(0)} ms wall; ${summary})`);
    const c0 = process.cpuUsage();
    const cheap = await pairwiseStability(dicts, { maxCosineOnly: true });
    console.log(`  max-cosine form only (live updates): ${cpuMs(c0).toFixed(0)} ms CPU (${cheap.elapsedMs.toFixed(0)} ms wall)`);
  }
}

void main();
