/**
 * What `npm run report` reads: run folders (report.json and what is beside it) and optional sweep / stabiliser
 * tables, checked before anything is written. Bad input throws CliError with the reason.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ExperimentReport } from '../src/core/report.ts';
import { validateSpec } from '../src/core/spec/experiment.ts';
import { experimentCommand } from '../src/report/commands.ts';
import type { ExternalTable, ReportRun } from '../src/report/model.ts';
import { isSweepResults, sweepTable } from '../src/report/sweepTable.ts';
import { stabiliserTable } from '../src/report/stabiliserTable.ts';
import type { Comparison } from '../src/core/stabilise/controls.ts';

const isComparison = (raw: unknown): raw is Comparison =>
  isObject(raw) && typeof raw.answer === 'string' && Array.isArray(raw.rows) && raw.rows.every((r) => isObject(r) && 'role' in r && 'price' in r);
import { CliError } from './args.ts';

export const REPORT_USAGE = `usage: npm run report -- DIR [DIR …] [--out FILE.html] [--md FILE.md] [--sweep FILE.json] [--stabilisers FILE.json]

  DIR               a folder written by npm run experiment (its report.json); several: side by side (e.g. TopK, ReLU);
                    or one written by npm run sweep: its results table answers question 2 and its best cell is a run
  --out FILE.html   the self-contained HTML report (default: the first DIR's report.html)
  --md FILE.md      also a Markdown twin, its figures as SVG files beside it (FILE-<figure>.svg)
  --sweep FILE      a sweep's results.json (npm run sweep), or a table {"head": [...], "rows": [[...]], "command": "...", "answer"?: "..."}, for question 2
  --stabilisers FILE  a stabiliser comparison's stabilise.json (npm run stabilise), or such a table, for question 5
  --help            this text`;

export interface ReportOptions {
  dirs: string[];
  out: string;
  md: string | null;
  sweep: string | null;
  stabilisers: string | null;
}

const VALUE_FLAGS = new Set(['--out', '--md', '--sweep', '--stabilisers']);

export function parseReportArgs(argv: string[]): ReportOptions | 'help' {
  const dirs: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return 'help';
    if (a.startsWith('--')) {
      if (!VALUE_FLAGS.has(a)) throw new CliError(`unknown argument "${a}"`);
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new CliError(`${a} needs a value`);
      flags.set(a, v);
    } else dirs.push(a);
  }
  if (dirs.length === 0) throw new CliError('give at least one run folder DIR');
  const out = flags.get('--out') ?? join(dirs[0], 'report.html');
  const md = flags.get('--md') ?? null;
  if (!out.endsWith('.html')) throw new CliError(`--out must name an .html file; got "${out}"`);
  if (md !== null && !md.endsWith('.md')) throw new CliError(`--md must name an .md file; got "${md}"`);
  return { dirs, out, md, sweep: flags.get('--sweep') ?? null, stabilisers: flags.get('--stabilisers') ?? null };
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`${what}: cannot read ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${what}: ${file} is not valid JSON (${(e as Error).message})`);
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The checks a report needs of report.json: its version and the parts every section reads. */
export function checkReport(raw: unknown, file: string): ExperimentReport {
  const fail = (why: string) => new CliError(`${file}: ${why}`);
  if (!isObject(raw)) throw fail('is not a JSON object');
  if (raw.reportVersion !== 1) throw fail(`has reportVersion ${JSON.stringify(raw.reportVersion)}; this lab reads version 1`);
  const spec = raw.spec;
  if (!isObject(spec) || !isObject(spec.transformer)) throw fail('has no spec.transformer');
  const t = raw.transformer;
  if (!isObject(t) || !Array.isArray(t.history)) throw fail('has no transformer with a history list');
  const f = raw.fourier;
  if (!isObject(f) || !Array.isArray(f.keyFrequencies) || !Array.isArray(f.embeddingNorms) || typeof f.keyFrequencyFraction !== 'number') throw fail('has no fourier part (keyFrequencies, keyFrequencyFraction, embeddingNorms)');
  if (!isObject(raw.environment)) throw fail('has no environment');
  if (raw.saes !== undefined && !Array.isArray(raw.saes)) throw fail('saes must be a list');
  const s = raw.stability;
  if (s !== undefined && (!isObject(s) || !isObject(s.pwmccMax) || !isObject(s.nulls) || !isObject(s.verdict))) throw fail('stability lacks pwmccMax, nulls or verdict');
  return raw as unknown as ExperimentReport;
}

/** A run folder: report.json, plus the report of the run that trained a loaded transformer when it lies beside it. */
export function readRunFolder(dir: string): ReportRun {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`${dir} is not a folder`);
  const file = join(dir, 'report.json');
  if (!existsSync(file)) throw new CliError(`${dir} has no report.json (is it a folder written by npm run experiment?)`);
  const report = checkReport(readJson(file, 'report'), file);
  const specFile = findSpecFile(report);
  const run: ReportRun = { report, source: dir, ...(specFile ? { command: experimentCommand(report, specFile, dir) } : {}) };
  const loaded = report.transformer.loadedFrom;
  if (loaded && report.transformer.history.length === 0) {
    const beside = join(dirname(resolve(loaded)), 'report.json');
    try {
      const trained = checkReport(JSON.parse(readFileSync(beside, 'utf8')), beside);
      if (trained.transformer.history.length > 0) run.transformerRun = trained;
    } catch {
      // No readable report beside the model: the grokking curve says "not run" instead.
    }
  }
  return run;
}

/** A folder written by `npm run sweep` (sweep.json and results.json, no report.json of its own). */
export const isSweepFolder = (dir: string): boolean =>
  existsSync(join(dir, 'sweep.json')) && existsSync(join(dir, 'results.json')) && !existsSync(join(dir, 'report.json'));

/**
 * A sweep folder given as DIR: its results table for question 2, and its best configuration's first finished cell
 * (by excess over the strongest null, the table's first row) as a run for the other questions.
 */
export function readSweepFolder(dir: string): { table: ExternalTable; best: ReportRun | null } {
  const file = join(dir, 'results.json');
  const raw = readJson(file, 'sweep results');
  if (!isSweepResults(raw)) throw new CliError(`${file} is not a sweep's results.json (npm run sweep)`);
  const table = sweepTable(raw, `npm run sweep -- --merge ${dir}`);
  const ranked = [...raw.rows].sort((a, b) => (b.pwmccMax.excess ?? -Infinity) - (a.pwmccMax.excess ?? -Infinity));
  const cell = ranked.map((r) => join(dir, 'cells', r.id)).find((c) => existsSync(join(c, 'report.json')));
  return { table, best: cell ? readRunFolder(cell) : null };
}

/** How a stabilise.json was made: merged from the comparisons in its subfolders (scripts/make-phase3.sh), or one run. */
function stabiliseCommand(dir: string): string {
  const parts = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'stabilise.json')))
    .map((e) => join(dir, e.name))
    .sort();
  return parts.length > 0
    ? `npm run stabilise -- --merge ${parts.join(',')} --out ${dir}`
    : `npm run stabilise -- --spec SPEC.json --out ${dir}`;
}

export function readExternalTable(file: string, what: string): ExternalTable {
  const raw = readJson(file, what);
  if (what === '--sweep' && isSweepResults(raw)) return sweepTable(raw, `npm run sweep -- --merge ${dirname(file)}`);
  if (what === '--stabilisers' && isComparison(raw)) {
    return stabiliserTable(raw, stabiliseCommand(dirname(file)));
  }
  if (!isObject(raw) || !Array.isArray(raw.head) || !Array.isArray(raw.rows) || typeof raw.command !== 'string' || !raw.rows.every(Array.isArray)) {
    throw new CliError(`${what}: ${file} must be {"head": [...], "rows": [[...]], "command": "..."}`);
  }
  return raw as unknown as ExternalTable;
}

/**
 * A spec file in `examples/` (of the working folder) that makes this run: same SAE part, same p, so the report can
 * name it in the command that reproduces the run. Null when none matches.
 */
export function findSpecFile(report: ExperimentReport, folder = 'examples'): string | null {
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return null;
  }
  const want = JSON.stringify(report.spec.saes ?? null);
  for (const name of names) {
    try {
      const spec = validateSpec(JSON.parse(readFileSync(join(folder, name), 'utf8')));
      if (spec.transformer.p === report.spec.transformer.p && JSON.stringify(spec.saes ?? null) === want) return join(folder, name);
    } catch {
      // not a spec: skip it
    }
  }
  return null;
}
