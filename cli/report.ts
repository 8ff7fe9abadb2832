/**
 * `npm run report -- DIR [DIR …] [--out FILE.html] [--md FILE.md]`: the Phase 3 report of CLI runs (issue 16).
 * Everything is read and checked first; a bad folder or corrupt JSON exits with status 2 and writes nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { makeFragment } from '../src/share/link.ts';
import { buildReport, renderHtml, renderMarkdown } from '../src/report/index.ts';
import type { ReportRun } from '../src/report/model.ts';
import { CliError, runCli } from './args.ts';
import { REPORT_USAGE, isSweepFolder, parseReportArgs, readExternalTable, readRunFolder, readSweepFolder } from './reportInput.ts';

/** `npm start` serves the lab here; a deployed copy takes the same fragment. */
const LAB_URL = 'http://localhost:5173/';

async function withShareLink(run: ReportRun): Promise<ReportRun> {
  try {
    return { ...run, shareLink: `${LAB_URL}#${await makeFragment(run.report.spec)}` };
  } catch {
    return run; // a spec the page cannot take (e.g. an older version): the report says how to load it instead
  }
}

async function main(argv: string[]): Promise<number> {
  let options;
  let runs: ReportRun[];
  let sweep;
  let stabilisers;
  try {
    options = parseReportArgs(argv);
    if (options === 'help') {
      process.stdout.write(`${REPORT_USAGE}\n`);
      return 0;
    }
    const sweepDirs = options.dirs.filter(isSweepFolder);
    if (sweepDirs.length + (options.sweep ? 1 : 0) > 1) throw new CliError('give one sweep: one sweep folder or --sweep FILE');
    const fromSweep = sweepDirs.length ? readSweepFolder(sweepDirs[0]) : null;
    runs = options.dirs.filter((d) => !sweepDirs.includes(d)).map(readRunFolder);
    if (fromSweep?.best) runs.push(fromSweep.best);
    if (runs.length === 0) throw new CliError(`${sweepDirs[0]} has no finished cell to report on`);
    sweep = fromSweep?.table ?? (options.sweep ? readExternalTable(options.sweep, '--sweep') : null);
    stabilisers = options.stabilisers ? readExternalTable(options.stabilisers, '--stabilisers') : null;
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    process.stderr.write(`error: ${e.message}\n\n${REPORT_USAGE}\n`);
    return 2;
  }
  const appVersion = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const doc = buildReport({ runs: await Promise.all(runs.map(withShareLink)), sweep, stabilisers, appVersion, generatedBy: `npm run report -- ${argv.join(' ')}` });
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, renderHtml(doc));
  let wrote = options.out;
  if (options.md) {
    const { markdown, files } = renderMarkdown(doc, basename(options.md, '.md'));
    mkdirSync(dirname(options.md), { recursive: true });
    writeFileSync(options.md, markdown);
    for (const [name, svg] of Object.entries(files)) writeFileSync(join(dirname(options.md), name), svg);
    wrote += `, ${options.md} and ${Object.keys(files).length} SVG figures`;
  }
  const status = doc.sections.filter((s) => s.status).map((s) => `${s.title.split('.')[0]}: ${s.status}`).join('; ');
  process.stdout.write(`questions: ${status}\nwrote ${wrote}\n`);
  return 0;
}

runCli(main);
