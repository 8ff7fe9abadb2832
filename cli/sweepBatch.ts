/**
 * A batch of sweep cells (core/sweep/batch.ts: one transformer, SAEs that differ only in seeds, lr or the sparsity
 * coefficient) in Node: their SAEs train as one on the shared transformer's activations, then each cell's pipeline
 * writes its own folder from its share, as if it had trained alone (cli/pipeline.ts `trainedSaes`).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { collectActivations } from '../src/core/sae/activations.ts';
import { defaultSeedGrouping } from '../src/core/sae/trainer.ts';
import { type TrainedRun, trainRunsTogether } from '../src/core/sae/trainRuns.ts';
import { saeHookName, validateSaes } from '../src/core/spec/sae.ts';
import type { SweepCell } from '../src/core/sweep/expand.ts';
import { TransformerTrainer } from '../src/core/train/transformerTrainer.ts';
import { runPipeline } from './pipeline.ts';
import { readTransformerDir } from './stages/transformer.ts';

export interface BatchContext {
  outDir: string;
  backend: string;
  backendNote?: string;
}

/** Trains the batch and writes DIR/cells/<id>/ for each of its cells (any old folder of theirs is replaced). */
export async function runCellBatch(cells: SweepCell[], transformerDir: string, ctx: BatchContext): Promise<void> {
  const loaded = readTransformerDir(transformerDir, cells[0].spec.transformer);
  const specs = cells.map((c) => validateSaes(c.spec.saes!, loaded.spec)); // as each cell's pipeline will check them
  const transformer = new TransformerTrainer(loaded.spec, loaded.weights);
  const acts = collectActivations(transformer.model, saeHookName(specs[0]), specs[0].position); // [rows, d_in]
  let runs: TrainedRun[];
  try {
    runs = (await trainRunsTogether(specs, acts, defaultSeedGrouping(ctx.backend)))!;
  } finally {
    acts.dispose();
    transformer.dispose();
  }
  for (const [i, cell] of cells.entries()) {
    const cellDir = join(ctx.outDir, 'cells', cell.id);
    rmSync(cellDir, { recursive: true, force: true });
    await runPipeline({ spec: cell.spec, outDir: cellDir, transformerDir, backend: ctx.backend, backendNote: ctx.backendNote, quiet: true, progress: false, trainedSaes: runs[i] });
  }
}
