/**
 * Restricted and excluded loss over training (Nanda et al.'s progress measures, SCIENCE.md §2) from a transformer's
 * float16 weight snapshots (`DIR/snapshots/`, written by `--snapshot-every`): each snapshot is loaded with the run's
 * config.json and analysed as the page's Fourier section analyses the live model (fourierSnapshot.ts), so report.json
 * `progress` and the page's curves are the same arithmetic.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModel } from '../src/core/experiment/fourierReadout.ts';
import { snapshotOf } from '../src/core/experiment/fourierSnapshot.ts';
import { SNAPSHOT_DIR, snapshotFile, snapshotSteps } from '../src/core/io/snapshotIndex.ts';
import { readTransformerImport } from '../src/core/io/transformerImport.ts';
import type { ProgressPoint, ProgressReport } from '../src/core/report.ts';
import type { TransformerSpec } from '../src/core/spec/transformer.ts';
import { TransformerTrainer } from '../src/core/train/transformerTrainer.ts';

/** The progress measures at every snapshot in `transformerDir`, or null when it holds no snapshots. */
export async function progressFromSnapshots(transformerDir: string, recipe: TransformerSpec): Promise<ProgressReport | null> {
  const dir = join(transformerDir, SNAPSHOT_DIR);
  if (!existsSync(join(dir, 'index.json'))) return null;
  const steps = snapshotSteps(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')));
  const config = new Uint8Array(readFileSync(join(transformerDir, 'config.json')));
  const points: ProgressPoint[] = [];
  for (const step of steps) {
    const weights = { path: snapshotFile(step), bytes: new Uint8Array(readFileSync(join(dir, snapshotFile(step)))) };
    const loaded = readTransformerImport([{ path: 'config.json', bytes: config }, weights], recipe);
    const trainer = new TransformerTrainer(loaded.spec, loaded.weights);
    try {
      const s = snapshotOf({ ...(await readModel(trainer)), step }, 0);
      points.push({ step, restrictedLoss: s.restrictedLoss, excludedLoss: s.excludedLoss, keyFrequencies: s.keyFrequencies, keyFraction: s.keyFraction });
    } finally {
      trainer.dispose();
    }
  }
  return { source: `${steps.length} float16 weight snapshots in ${dir}`, points };
}
