/**
 * `npx tsx scripts/grok-sweep.ts GRID.json [--max-steps N]`: searches for transformer settings that show grokking
 * (memorise, then a plateau, then sudden generalisation). GRID.json is a list of partial transformer specs laid over
 * the `tiny` preset; each is trained on wasm (as the CLI) until test accuracy reaches 0.99 or N steps, and one line
 * per spec says m (first step with train accuracy ≥ 0.99), the first step with test accuracy ≥ 0.6 and ≥ 0.99, the
 * delay ratio (test ≥ 0.6) / m (the teaching preset needs ≥ 3) and ms/step. Used to choose the `teach` preset.
 */
import { readFileSync } from 'node:fs';
import { startNodeBackend } from '../cli/nodeBackend.ts';
import { transformerPresets, validateTransformer } from '../src/core/spec/transformer.ts';
import { TransformerTrainer } from '../src/core/train/transformerTrainer.ts';

interface Outcome { memorised: number | null; test60: number | null; grokked: number | null; steps: number; msPerStep: number; lastTestAcc: number }

async function trainOne(raw: Record<string, unknown>, maxSteps: number): Promise<Outcome> {
  const spec = validateTransformer({ ...transformerPresets.tiny, ...raw, steps: maxSteps });
  const trainer = new TransformerTrainer(spec);
  const out: Outcome = { memorised: null, test60: null, grokked: null, steps: 0, msPerStep: 0, lastTestAcc: 0 };
  const started = performance.now();
  try {
    while (trainer.stepCount < maxSteps) {
      trainer.step();
      if (trainer.stepCount % spec.evalEvery !== 0) continue;
      const m = await trainer.evaluate();
      if (out.memorised === null && m.trainAcc >= 0.99) out.memorised = m.step;
      out.lastTestAcc = m.testAcc;
      if (out.test60 === null && m.testAcc >= 0.6) out.test60 = m.step;
      // Generalised too early to show a plateau: the rest of the run would not change the verdict.
      if (out.test60 !== null && (out.memorised === null || out.test60 < 3 * out.memorised) && !full) break;
      if (m.testAcc >= 0.99) {
        out.grokked = m.step;
        break;
      }
    }
  } finally {
    out.steps = trainer.stepCount;
    out.msPerStep = (performance.now() - started) / Math.max(1, trainer.stepCount);
    trainer.dispose();
  }
  return out;
}

const [gridFile, ...rest] = process.argv.slice(2);
const maxAt = rest.indexOf('--max-steps');
const maxSteps = maxAt >= 0 ? Number(rest[maxAt + 1]) : 5000;
const full = rest.includes('--full'); // train on after an early rise too
const grid = JSON.parse(readFileSync(gridFile, 'utf8')) as Record<string, unknown>[];
await startNodeBackend('wasm');
for (const raw of grid) {
  const o = await trainOne(raw, maxSteps);
  const ratio = o.memorised && o.test60 ? (o.test60 / o.memorised).toFixed(1) : '-';
  process.stdout.write(`${JSON.stringify(raw)}\tm ${o.memorised}\ttest≥0.6 ${o.test60}\ttest≥0.99 ${o.grokked}\tratio ${ratio}\t${o.steps} steps, test acc ${o.lastTestAcc.toFixed(3)}\t${o.msPerStep.toFixed(1)} ms/step\n`);
}
