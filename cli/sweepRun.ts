/**
 * Runs a sweep's cells in Node through the experiment pipeline (cli/pipeline.ts), one after another (cells that differ
 * only in seeds, lr or the sparsity coefficient train their SAEs as one batch, cli/sweepBatch.ts), and builds the
 * results table. Files (docs/scale.md):
 *   DIR/sweep.json                   the validated sweep spec (a folder holds one sweep; another spec is refused)
 *   DIR/transformers/t-<hash>/       each distinct transformer, trained once (report.json, transformer/)
 *   DIR/cells/<id>/                  one experiment per cell, its transformer loaded from transformers/
 *   DIR/results.csv, results.json    the table (unsharded runs and --merge)
 * A cell is finished when its report.json exists and was made by its spec; any other cell folder is a run that was
 * killed and is redone from the start. Shards may run at once on a shared file system: each writes only its own
 * cells, and a transformer two shards need is trained by both and kept once (atomic rename).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentReport } from '../src/core/report.ts';
import { SpecError } from '../src/core/spec/fields.ts';
import { batchCells } from '../src/core/sweep/batch.ts';
import { checkSweepBudget, describeEstimate, estimateSweep, formatDuration } from '../src/core/sweep/budget.ts';
import { type SweepCell, expandSweep, isStabiliserCell, transformerFolder } from '../src/core/sweep/expand.ts';
import { type MergedTable, mergeRows, reportMatchesCell, rowOf } from '../src/core/sweep/results.ts';
import { type Shard, WHOLE, describeShard, shardItems } from '../src/core/sweep/shard.ts';
import { type SweepSpec, sweepDocument, validateSweep } from '../src/core/sweep/spec.ts';
import { PlainArms } from '../src/core/sweep/stabiliserCell.ts';
import { resultsCsv, resultsJson } from '../src/core/sweep/table.ts';
import { CliError } from './args.ts';
import { runPipeline } from './pipeline.ts';
import { runCellBatch } from './sweepBatch.ts';

export const SWEEP_FILE = 'sweep.json';

const log = (quiet: boolean, line: string) => { if (!quiet) process.stderr.write(line + '\n'); };

/** Writes through a temporary file and a rename, so a killed run never leaves half a file. */
function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.part-${process.pid}`, text);
  renameSync(`${path}.part-${process.pid}`, path);
}

export interface PlannedSweep {
  sweep: SweepSpec;
  cells: SweepCell[];
}

/** Validates, expands and checks the budget; every refusal is a CliError before anything is written. */
export function planSweep(raw: unknown, source: string): PlannedSweep {
  try {
    const sweep = validateSweep(raw);
    const cells = expandSweep(sweep);
    checkSweepBudget(estimateSweep(cells), sweep.budget);
    return { sweep, cells };
  } catch (e) {
    if (e instanceof SpecError) throw new CliError(`invalid sweep ${source}: ${e.message}`);
    throw e;
  }
}

/** The sweep a folder was started with, or null for a new folder. */
function sweepInDir(dir: string): unknown | null {
  const path = join(dir, SWEEP_FILE);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`${path} is not valid JSON (${(e as Error).message}): remove it or use another --out folder`);
  }
}

/** A cell's report when it is finished (present, readable, made by this cell's spec), else null. */
export function finishedReport(dir: string, cell: SweepCell): ExperimentReport | null {
  const path = join(dir, 'cells', cell.id, 'report.json');
  if (!existsSync(path)) return null;
  try {
    const report = JSON.parse(readFileSync(path, 'utf8')) as ExperimentReport;
    return reportMatchesCell(cell, report) ? report : null;
  } catch {
    return null;
  }
}

/** The table from every finished cell in DIR. */
export function tableOf(dir: string, cells: SweepCell[]): MergedTable {
  const rows = cells.flatMap((c) => {
    const report = finishedReport(dir, c);
    return report ? [rowOf(c, report)] : [];
  });
  return mergeRows(cells, [rows]);
}

export function writeTable(dir: string, name: string, table: MergedTable): void {
  writeAtomic(join(dir, 'results.json'), resultsJson(name, table.rows, table.missing));
  writeAtomic(join(dir, 'results.csv'), resultsCsv(table.rows));
}

interface RunContext {
  outDir: string;
  backend: string;
  backendNote?: string;
  quiet: boolean;
  /** `--transformer DIR`: every cell loads this model instead of a transformer trained from the base spec. */
  transformerDir?: string;
}

/** The transformer folder for a cell: reused when present, else trained (in a private folder, then renamed in). */
async function ensureTransformer(cell: SweepCell, ctx: RunContext): Promise<string> {
  if (ctx.transformerDir) return ctx.transformerDir;
  const root = join(ctx.outDir, 'transformers');
  const dir = join(root, transformerFolder(cell.transformerKey));
  const weights = join(dir, 'transformer', 'model.safetensors');
  if (existsSync(weights)) return join(dir, 'transformer');
  mkdirSync(root, { recursive: true });
  const scratch = `${dir}.part-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  log(ctx.quiet, `training transformer ${transformerFolder(cell.transformerKey)} (shared by every cell with the same transformer fields)`);
  const { saes: _saes, stabilise: _stabilise, ...transformerOnly } = cell.spec;
  await runPipeline({ spec: { ...transformerOnly, name: `${cell.spec.name} (transformer)` }, outDir: scratch, backend: ctx.backend, backendNote: ctx.backendNote, quiet: ctx.quiet });
  try {
    renameSync(scratch, dir);
  } catch (e) {
    // Another shard finished the same transformer first: the spec and seed are the same, so its weights are too.
    if (!existsSync(weights)) throw e;
    rmSync(scratch, { recursive: true, force: true });
  }
  return join(dir, 'transformer');
}

export interface SweepRunResult {
  ran: string[];
  skipped: string[];
  shard: Shard;
  table: MergedTable | null;
}

export async function runSweep(planned: PlannedSweep, shard: Shard | null, ctx: RunContext): Promise<SweepRunResult> {
  const { sweep, cells } = planned;
  if (ctx.transformerDir && new Set(cells.map((c) => c.transformerKey)).size > 1) {
    throw new CliError('--transformer gives every cell one model, but this sweep varies transformer fields: leave --transformer out');
  }
  const existing = sweepInDir(ctx.outDir);
  if (existing !== null) {
    let same = false;
    try { same = JSON.stringify(validateSweep(existing)) === JSON.stringify(sweep); } catch { same = false; }
    if (!same) throw new CliError(`${join(ctx.outDir, SWEEP_FILE)} holds another sweep: use another --out folder, or remove that folder to start again`);
  }
  mkdirSync(join(ctx.outDir, 'cells'), { recursive: true });
  if (existing === null) writeAtomic(join(ctx.outDir, SWEEP_FILE), JSON.stringify(sweepDocument(sweep), null, 2) + '\n');

  const mine = shardItems(cells, shard ?? WHOLE);
  log(ctx.quiet, `sweep "${sweep.name}": ${describeEstimate(estimateSweep(cells))}${shard ? `; shard ${describeShard(shard)} runs ${mine.length} of them` : ''}`);
  const todo = mine.filter((c) => finishedReport(ctx.outDir, c) === null);
  const skipped = mine.filter((c) => !todo.includes(c)).map((c) => c.id);
  if (skipped.length > 0) log(ctx.quiet, `${skipped.length} cell${skipped.length === 1 ? '' : 's'} finished already: skipped`);
  const started = performance.now();
  const ran: string[] = [];
  const plainArms = new PlainArms(); // stabiliser cells on one transformer and SAE spec train the plain arms once
  // Cells that differ only in seeds, lr or the sparsity coefficient train their SAEs as one (core/sweep/batch.ts).
  for (const batch of batchCells(todo)) {
    const transformerDir = await ensureTransformer(batch[0], ctx);
    const names = batch.map((c) => c.id).join(', ');
    log(ctx.quiet, `[${ran.length + 1}${batch.length > 1 ? `-${ran.length + batch.length}` : ''}/${todo.length}] ${batch.length > 1 ? `cells ${names}, trained as one batch` : `cell ${names}`}`);
    if (batch.length > 1) {
      await runCellBatch(batch, transformerDir, ctx);
    } else {
      const cellDir = join(ctx.outDir, 'cells', batch[0].id);
      rmSync(cellDir, { recursive: true, force: true }); // a folder without a finished report is a killed run: start it again
      // The shared transformer's progress measures are the same in every cell: not recomputed per cell.
      await runPipeline({
        spec: batch[0].spec, outDir: cellDir, transformerDir, backend: ctx.backend, backendNote: ctx.backendNote, quiet: true, progress: false,
        ...(isStabiliserCell(batch[0]) ? { stabiliserCell: { plainArms } } : {}),
      });
    }
    ran.push(...batch.map((c) => c.id));
    const elapsed = (performance.now() - started) / 1000;
    const left = todo.length - ran.length;
    log(ctx.quiet, `[${ran.length}/${todo.length}] ${names} done; ${formatDuration(elapsed)} so far${left > 0 ? `, about ${formatDuration((elapsed / ran.length) * left)} to go` : ''}`);
  }
  // Shards share the folder: only a run of every cell writes the table (--merge builds it after the shards).
  const whole = shard === null || shard.count === 1;
  let table: MergedTable | null = null;
  if (whole) {
    table = tableOf(ctx.outDir, cells);
    writeTable(ctx.outDir, sweep.name, table);
  }
  return { ran, skipped, shard: shard ?? WHOLE, table };
}

/** `--merge DIR`: the table from every finished cell, with the spec from DIR/sweep.json (or --spec, which must agree). */
export function mergeSweep(dir: string, raw?: unknown, source = ''): { planned: PlannedSweep; table: MergedTable } {
  if (!existsSync(dir) || !readdirSync(dir).length) throw new CliError(`--merge ${dir}: no such sweep folder`);
  const inDir = sweepInDir(dir);
  if (inDir === null && raw === undefined) throw new CliError(`--merge ${dir}: no ${SWEEP_FILE} there; give the sweep with --spec`);
  const planned = planSweep(raw ?? inDir, raw !== undefined ? source : join(dir, SWEEP_FILE));
  if (inDir !== null && raw !== undefined && JSON.stringify(planSweep(inDir, join(dir, SWEEP_FILE)).sweep) !== JSON.stringify(planned.sweep)) {
    throw new CliError(`--merge ${dir}: --spec is not the sweep that folder holds (${SWEEP_FILE})`);
  }
  const table = tableOf(dir, planned.cells);
  writeTable(dir, planned.sweep.name, table);
  return { planned, table };
}
