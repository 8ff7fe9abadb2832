/** `npm run report`: writes the HTML and the Markdown twin with its SVGs; a bad folder exits 2 and writes nothing. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../cli/args.ts';
import { parseReportArgs } from '../../cli/reportInput.ts';
import type { ExperimentReport } from '../../src/core/report.ts';
import { ROWS_VERSION, rowOf } from '../../src/core/sweep/results.ts';

const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
const run = (args: string[]) => spawnSync(tsx, ['cli/report.ts', ...args], { encoding: 'utf8' });
const FIXTURE = 'tests/report/fixtures/tiny';

describe('npm run report', () => {
  it('writes the HTML, and the Markdown whose image links all resolve to SVG files beside it', () => {
    const out = mkdtempSync(join(tmpdir(), 'report-'));
    const html = join(out, 'doc', 'phase3.html');
    const md = join(out, 'md', 'phase3.md');
    const r = run([FIXTURE, '--out', html, '--md', md]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/1: answered; 2: not run; 3: answered; 4: partial; 5: not run/);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/);
    const markdown = readFileSync(md, 'utf8');
    const links = [...markdown.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThanOrEqual(5);
    for (const link of links) expect(readFileSync(join(dirname(md), link), 'utf8')).toMatch(/^<svg /);
    expect(readdirSync(dirname(md)).sort()).toEqual(['phase3.md', ...links].sort());
    expect(markdown).toContain(`npm run report -- ${FIXTURE} --out ${html} --md ${md}`); // the document names its command
  });

  it('docs/results/phase3.md is what scripts/make-phase3.sh\'s report command makes from the committed runs today', () => {
    const out = mkdtempSync(join(tmpdir(), 'phase3-'));
    const dirs = ['topk', 'relu', 'batchtopk', 'jumprelu'].map((a) => `docs/results/phase3-runs/${a}`);
    const r = run([...dirs, '--out', join(out, 'phase3.html'), '--md', join(out, 'phase3.md'), '--sweep', 'docs/results/phase3-sweep/results.json', '--stabilisers', 'docs/results/phase3-stabilise/stabilise.json']);
    expect(r.status, r.stderr).toBe(0);
    // Only the output paths in the command the document names differ.
    const ours = (file: string) => readFileSync(join(out, file), 'utf8').replaceAll(out, 'docs/results');
    expect(ours('phase3.md'), 'docs/results/phase3.md is stale: run bash scripts/make-phase3.sh').toBe(readFileSync('docs/results/phase3.md', 'utf8'));
    expect(ours('phase3.html'), 'docs/results/phase3.html is stale: run bash scripts/make-phase3.sh').toBe(readFileSync('docs/results/phase3.html', 'utf8'));
    for (const svg of readdirSync(out).filter((f) => f.endsWith('.svg'))) expect(ours(svg), svg).toBe(readFileSync(join('docs/results', svg), 'utf8'));
  });

  it('takes a sweep folder as DIR: its table answers question 2 and its best cell is the run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-sweep-'));
    const tiny = JSON.parse(readFileSync(join(FIXTURE, 'report.json'), 'utf8')) as ExperimentReport;
    const worse = structuredClone(tiny);
    worse.stability!.pwmccMax.mean -= 0.05; // the same run, less stable: ranked second
    const cells = { 'k-8': tiny, 'k-4': worse };
    for (const [id, report] of Object.entries(cells)) {
      mkdirSync(join(dir, 'cells', id), { recursive: true });
      writeFileSync(join(dir, 'cells', id, 'report.json'), JSON.stringify(report));
    }
    const rows = Object.entries(cells).map(([id, report]) => rowOf({ id, setting: { 'saes.k': Number(id.slice(2)) } as never }, report));
    writeFileSync(join(dir, 'results.json'), JSON.stringify({ rowsVersion: ROWS_VERSION, name: 'k', missing: [], rows }));
    writeFileSync(join(dir, 'sweep.json'), '{}');
    const r = run([dir, '--out', join(dir, 'report.html')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2: answered/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain(`<td>${join(dir, 'cells', 'k-8')}</td>`); // the best cell is the run in Methods
    expect(html).not.toContain(join(dir, 'cells', 'k-4'));
    expect(run([dir, '--sweep', join(dir, 'results.json')]).stderr).toMatch(/give one sweep/);
  });

  const bad: [string, (dir: string) => string, RegExp][] = [
    ['a missing folder', (dir) => join(dir, 'nope'), /is not a folder/],
    ['a folder without report.json', (dir) => dir, /has no report.json/],
    ['corrupt JSON', (dir) => { writeFileSync(join(dir, 'report.json'), '{"reportVersion": 1,'); return dir; }, /is not valid JSON/],
    ['another report version', (dir) => { writeFileSync(join(dir, 'report.json'), '{"reportVersion": 7}'); return dir; }, /reportVersion 7/],
    ['a report without its Fourier part', (dir) => {
      const r = JSON.parse(readFileSync(join(FIXTURE, 'report.json'), 'utf8'));
      delete r.fourier;
      writeFileSync(join(dir, 'report.json'), JSON.stringify(r));
      return dir;
    }, /has no fourier part/],
  ];
  for (const [what, make, message] of bad) {
    it(`refuses ${what} with status 2 and writes nothing`, () => {
      const root = mkdtempSync(join(tmpdir(), 'report-bad-'));
      const dir = join(root, 'run');
      mkdirSync(dir);
      const target = make(dir);
      const html = join(root, 'out', 'r.html');
      const r = run([FIXTURE, target, '--out', html, '--md', join(root, 'out', 'r.md')]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(root, 'out'))).toBe(false);
    });
  }

  it('checks its flags', () => {
    expect(() => parseReportArgs([])).toThrow(/at least one run folder/);
    expect(() => parseReportArgs(['d', '--out', 'x.pdf'])).toThrow(/\.html/);
    expect(() => parseReportArgs(['d', '--md'])).toThrow(CliError);
    expect(parseReportArgs(['a', 'b'])).toMatchObject({ dirs: ['a', 'b'], out: join('a', 'report.html'), md: null });
  });
});
