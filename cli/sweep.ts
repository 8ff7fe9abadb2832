/**
 * `npm run sweep -- --spec SWEEP.json --out DIR [--shard i/N] [--quiet]` and `npm run sweep -- --merge DIR`:
 * a hyperparameter sweep on the experiment pipeline, sharded over a cluster's job array (docs/scale.md).
 * Exit codes: 0 done; 1 an unexpected failure; 2 bad input (nothing run); 3 --merge found cells unfinished.
 */
import { CliError, runCli } from './args.ts';
import { startNodeBackend } from './nodeBackend.ts';
import { SWEEP_USAGE, parseSweepArgs } from './sweepArgs.ts';
import { mergeSweep, planSweep, runSweep } from './sweepRun.ts';
import type { MergedTable, SweepRow } from '../src/core/sweep/results.ts';
import { describeEstimate, estimateSweep } from '../src/core/sweep/budget.ts';
import { describeShard } from '../src/core/sweep/shard.ts';

const f3 = (x: number | null) => (x === null ? '—' : x.toFixed(3));
const signed = (x: number | null) => (x === null ? '—' : `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`);

/** A stabiliser cell's comparison in a few words: its gains over plain and the shared-init control, credit, price. */
const gains = (g: NonNullable<SweepRow['stabiliser']>) =>
  `${g.arm}: gain ${signed(g.gainOverPlain)} over plain, ${signed(g.gainOverSharedInit)} over plain · shared init, ` +
  `${g.credited ? 'credited' : 'not credited'} (over ${g.gainOver ?? '—'}), FVU price ${signed(g.fvuPrice)}`;

function summary(table: MergedTable): string {
  const lines = table.rows.map((r) =>
    `${r.id}: FVU ${f3(r.fvu.mean)}, L0 ${r.l0.mean?.toFixed(1) ?? '—'}, PWMCC ${f3(r.pwmccMax.mean)} (${signed(r.pwmccMax.excess)} vs ${r.pwmccMax.null ?? '—'}), ` +
    `Fourier share ${f3(r.fourierShare.mean)}${r.stabiliser ? `; ${gains(r.stabiliser)}` : ''}`);
  if (table.missing.length > 0) lines.push(`unfinished: ${table.missing.join(', ')}`);
  return lines.join('\n') + '\n';
}

async function main(argv: string[]): Promise<number> {
  try {
    const options = parseSweepArgs(argv, process.env);
    if (options === 'help') {
      process.stdout.write(SWEEP_USAGE + '\n');
      return 0;
    }
    if (options.kind === 'merge') {
      const { table } = mergeSweep(options.dir, options.rawSpec, options.specFile);
      process.stdout.write(summary(table) + `wrote ${options.dir}/results.csv and results.json (${table.rows.length} of ${table.rows.length + table.missing.length} cells)\n`);
      return table.missing.length > 0 ? 3 : 0;
    }
    const planned = planSweep(options.rawSpec, options.specFile);
    if (options.kind === 'plan') {
      process.stdout.write(`cells: ${planned.cells.length}\n${describeEstimate(estimateSweep(planned.cells))}\n${planned.cells.map((c) => c.id).join('\n')}\n`);
      return 0;
    }
    const { backend, note } = await startNodeBackend(options.backend);
    if (!options.quiet) process.stderr.write(`backend: ${backend}${note ? ` (${note})` : ''}${options.shard ? `; shard ${describeShard(options.shard)} from ${options.shardSource}` : ''}\n`);
    const result = await runSweep(planned, options.shard, { outDir: options.outDir, backend, backendNote: note, quiet: options.quiet, transformerDir: options.transformerDir });
    process.stdout.write(`ran ${result.ran.length} cell${result.ran.length === 1 ? '' : 's'}, skipped ${result.skipped.length} finished\n`);
    if (result.table) process.stdout.write(summary(result.table) + `wrote ${options.outDir}/results.csv and results.json\n`);
    else process.stdout.write(`shard ${describeShard(result.shard)} done; when every shard is, run: npm run sweep -- --merge ${options.outDir}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    process.stderr.write(`error: ${e.message}\n${e.message.includes('unknown argument') || e.message.includes('required') ? `\n${SWEEP_USAGE}\n` : ''}`);
    return 2;
  }
}

runCli(main);
