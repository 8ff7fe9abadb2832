/**
 * `--snapshot-every N`: the transformer's weights every N steps as float16 safetensors in DIR/transformer/snapshots/
 * (`step-000100.safetensors`, TransformerLens names), with `index.json` listing the steps written. Half the size of
 * float32 and precise to ~3 digits: enough to replay a run (memorisation → circuit formation → cleanup), not to
 * resume it (the checkpoint does that).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeSafetensors } from '../src/core/io/safetensors.ts';
import type { WeightMap } from '../src/core/transformer/weights.ts';
import { SNAPSHOT_DIR, snapshotFile } from '../src/core/io/snapshotIndex.ts';

export { SNAPSHOT_DIR, snapshotFile };

export interface SnapshotIndex {
  dtype: 'F16';
  /** Steps with a file, ascending. */
  steps: number[];
}

export class SnapshotWriter {
  private readonly dir: string;
  private readonly steps = new Set<number>();

  /** `resume`: keep the steps of the index already there (a resumed run adds to them); otherwise start a new index. */
  constructor(transformerDir: string, readonly every: number, resume = false) {
    this.dir = join(transformerDir, SNAPSHOT_DIR);
    mkdirSync(this.dir, { recursive: true });
    const indexPath = join(this.dir, 'index.json');
    if (resume && existsSync(indexPath)) {
      const steps = (JSON.parse(readFileSync(indexPath, 'utf8')) as Partial<SnapshotIndex>).steps;
      if (Array.isArray(steps)) steps.filter((s) => Number.isInteger(s) && s >= 0).forEach((s) => this.steps.add(s));
    }
  }

  due(step: number): boolean {
    return this.every > 0 && step % this.every === 0 && !this.steps.has(step);
  }

  write(step: number, weights: WeightMap): void {
    writeFileSync(join(this.dir, snapshotFile(step)), encodeSafetensors(weights, { format: 'pt', step: String(step) }, 'F16'));
    this.steps.add(step);
    const index: SnapshotIndex = { dtype: 'F16', steps: [...this.steps].sort((a, b) => a - b) };
    writeFileSync(join(this.dir, 'index.json'), JSON.stringify(index) + '\n');
  }
}
