/** The generated Phase 3 report: its numbers are report.json's, missing runs say "not run" with the command. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExperimentReport } from '../../src/core/report.ts';
import { buildReport, renderHtml, renderMarkdown } from '../../src/report/index.ts';
import type { ReportDoc, ReportInput, Section } from '../../src/report/model.ts';
import { renderSvg } from '../../src/report/chart.ts';

/** `npm run experiment -- --preset tiny --snapshot-every 100` (p = 23, 3 TopK seeds), written once and kept as a fixture. */
const tiny = (): ExperimentReport => JSON.parse(readFileSync('tests/report/fixtures/tiny/report.json', 'utf8')) as ExperimentReport;
const input = (...reports: ExperimentReport[]): ReportInput => ({
  runs: reports.map((report, i) => ({ report, source: `runs/r${i}` })), appVersion: '0.0.0-test', generatedBy: 'test',
});
const section = (doc: ReportDoc, id: string): Section => {
  const s = doc.sections.find((x) => x.id === id);
  if (!s) throw new Error(`no section ${id}`);
  return s;
};

/** The value at a report.json path; `*` averages over a list (the report's "mean over seeds"). */
function valueAt(report: unknown, path: string): unknown {
  let values: unknown[] = [report];
  for (const part of path.split('.')) {
    values = values.flatMap((v) => (part === '*' ? (v as unknown[]) : [(v as Record<string, unknown>)[part]]));
  }
  if (path.includes('*')) return (values as number[]).reduce((a, b) => a + b, 0) / values.length;
  return values[0];
}

/** The first number a cell shows, read back as the reader would (true minus signs, percentages, exponents). */
function numberIn(text: string): { value: number; decimals: number } {
  const m = /([−-]?\d+(?:\.(\d+))?(?:e[+-]?\d+)?)\s*(%)?/.exec(text);
  if (!m) throw new Error(`no number in "${text}"`);
  const value = Number(m[1].replace('−', '-'));
  const exp = /e([+-]?\d+)/.exec(m[1]);
  const decimals = (m[2]?.length ?? 0) - (exp ? Number(exp[1]) : 0);
  return m[3] ? { value: value / 100, decimals: decimals + 2 } : { value, decimals };
}

describe('the report of a tiny run', () => {
  const report = tiny();
  const doc = buildReport(input(report));
  const html = renderHtml(doc);

  it('holds a section for each of the plan\'s five questions, with methods, definitions and caveats', () => {
    for (const id of ['summary', 'q1-fourier', 'q2-sweep', 'q3-stability', 'q4-architectures', 'q5-stabilisers', 'methods', 'definitions', 'caveats']) {
      expect(html).toContain(`<section id="${id}"`);
    }
    expect(section(doc, 'q1-fourier').status).toBe('answered');
    expect(section(doc, 'q3-stability').status).toBe('answered');
    expect(section(doc, 'q4-architectures').status).toBe('partial'); // topk only: relu, batchtopk, jumprelu not run
  });

  it('shows every marked number as report.json has it, to the digits shown', () => {
    const cells = [...html.matchAll(/<td data-key="(\d+):([^"]+)">([^<]*)<\/td>/g)];
    expect(cells.length).toBeGreaterThan(30);
    const keys = new Set(cells.map((c) => c[2]));
    for (const key of ['stability.pwmccMax.mean', 'stability.pwmccOneToOne.mean', 'stability.nulls.covariance.pwmccMax.mean',
      'stability.nulls.rotation.pwmccMax.mean', 'stability.verdict.excess.pwmccMax', 'fourier.keyFrequencyFraction', 'activations.participationRatio',
      'stableFourier.trained.pooled.fisherP']) expect(keys).toContain(key);
    for (const [, , path, text] of cells) {
      const expected = valueAt(report, path.replace('&amp;', '&'));
      if (Array.isArray(expected)) {
        expect(text).toBe(expected.join(', '));
        continue;
      }
      const { value, decimals } = numberIn(text.replace('&amp;', '&'));
      expect(Math.abs(value - (expected as number)), `${path}: "${text}" against ${expected}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
    }
  });

  it('names the strongest null and the PWMCC form beside every stability number', () => {
    const s = report.stability!;
    const q3 = renderHtml({ ...doc, sections: [section(doc, 'q3-stability')] });
    expect(q3).toContain(`null: ${s.verdict.against} (strongest)`);
    expect(q3).toContain(`PWMCC (max-cosine, the plan's metric) ${s.pwmccMax.mean.toFixed(3)}`); // the verdict sentence
    expect(q3).toContain('PW-MCC (one-to-one, Song et al. 2025)');
    expect(q3).toContain(`>${s.pwmccMax.mean.toFixed(3)} ± ${s.pwmccMax.std.toFixed(3)}<`);
    const q4 = renderHtml({ ...doc, sections: [section(doc, 'q4-architectures')] });
    expect(q4).toContain(`${s.verdict.against}: ${s.nulls[s.verdict.against].pwmccMax.mean.toFixed(3)}`);
  });

  it('draws the grokking curve from the run\'s history and the key frequencies in the spectrum', () => {
    const q1 = section(doc, 'q1-fourier');
    const ids = q1.blocks.flatMap((b) => (b.kind === 'figure' ? [b.id] : []));
    expect(ids).toEqual(['embedding-spectrum', 'grokking-loss', 'grokking-accuracy', 'progress-measures']);
    expect(JSON.stringify(q1.blocks)).toContain(`grokked at step ${report.transformer.stepsToGrok}`);
  });

  it('draws restricted and excluded loss from report.json `progress`, and says "not run" without it', () => {
    const points = report.progress!.points;
    const q1 = renderHtml({ ...doc, sections: [section(doc, 'q1-fourier')] });
    const last = points.length - 1;
    expect(q1).toContain(`<td data-key="0:progress.points.${last}.restrictedLoss">${points[last].restrictedLoss.toExponential(2)}</td>`);
    expect(q1).toContain(`<td data-key="0:progress.points.${last}.excludedLoss">${points[last].excludedLoss.toExponential(2)}</td>`);
    const withoutProgress = buildReport(input({ ...tiny(), progress: undefined }));
    const blocks = section(withoutProgress, 'q1-fourier').blocks;
    expect(blocks.some((b) => b.kind === 'figure' && b.id === 'progress-measures')).toBe(false);
    expect(blocks.some((b) => b.kind === 'notRun' && b.command.includes('--snapshot-every'))).toBe(true);
  });

  it('warns in the caveats when a run leaves many latents dead', () => {
    const caveats = (r: ExperimentReport) => JSON.stringify(section(buildReport(input(r)), 'caveats').blocks);
    const mostlyDead = { ...tiny(), saes: tiny().saes!.map((s) => ({ ...s, deadFraction: 0.4 })) };
    expect(caveats(mostlyDead)).toContain('40.0 % of its latents are dead');
    const alive = { ...tiny(), saes: tiny().saes!.map((s) => ({ ...s, deadFraction: 0.02 })) };
    expect(caveats(alive)).not.toContain('latents are dead');
  });

  it('counts feature families and shows the most and least stable latents as images', () => {
    const f = report.features!;
    const q3 = renderHtml({ ...doc, sections: [section(doc, 'q3-stability')] });
    const n = report.saes!.length;
    expect(q3).toContain(`<td data-key="0:features.families.countBySeeds.${n}">${f.families!.countBySeeds[n]}</td>`);
    expect(q3).toContain(`<td data-key="0:features.families.orphans">${f.families!.orphans}</td>`);
    const images = q3.match(/<image [^>]*href="data:image\/png;base64,/g) ?? [];
    expect(images).toHaveLength(f.gallery!.stable.length + f.gallery!.unstable.length);
    expect(q3).toContain(`latent ${f.gallery!.stable[0].latent}`);
    expect(q3).not.toContain('predates them');
  });

  it('gives the same document for the same input, with no script and no external reference', () => {
    expect(renderHtml(buildReport(input(tiny())))).toBe(html);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|url\(|@import/i);
    expect(html).not.toContain('NaN');
  });
});

describe('a report without SAEs', () => {
  const bare = tiny();
  delete bare.saes;
  delete bare.stability;
  delete bare.stableFourier;
  delete bare.activations;
  delete bare.fourier.saes;
  delete bare.fourier.initialSaes;
  bare.spec = { ...bare.spec, saes: undefined };
  const doc = buildReport(input(bare));

  it('says "not run" for questions 2 to 5, with the command that would run each, and draws no chart there', () => {
    for (const id of ['q2-sweep', 'q3-stability', 'q4-architectures', 'q5-stabilisers']) {
      const s = section(doc, id);
      expect(s.status).toBe('not run');
      expect(s.blocks.some((b) => b.kind === 'figure')).toBe(false);
      expect(s.blocks.every((b) => b.kind === 'notRun')).toBe(true);
    }
    const commands = (id: string) => section(doc, id).blocks.map((b) => (b.kind === 'notRun' ? b.command : ''));
    expect(commands('q3-stability')).toEqual(['npm run experiment -- --spec examples/phase1-topk.json --out runs/phase1-topk']);
    const q4 = commands('q4-architectures');
    expect(q4).toHaveLength(4);
    ['topk', 'relu', 'batchtopk', 'jumprelu'].forEach((a, i) => expect(q4[i]).toContain(`runs/${a}`));
    expect(commands('q2-sweep')[0]).toContain('npm run sweep');
    expect(renderHtml(doc)).toContain('<div class="not-run" data-not-run><p><strong>Not run.</strong>');
    expect(section(doc, 'q1-fourier').status).toBe('answered');
  });
});

describe('side by side', () => {
  it('takes any architecture name present and says "not run" for the plan\'s others', () => {
    const topk = tiny();
    const other = tiny();
    other.saes = other.saes!.map((s) => ({ ...s, architecture: 'batchtopk' as 'topk' }));
    const q4 = section(buildReport(input(topk, other)), 'q4-architectures');
    const table = q4.blocks.find((b) => b.kind === 'table' && b.caption.startsWith('Architectures'));
    expect(table?.kind === 'table' && table.rows.map((r) => (typeof r[0] === 'string' ? r[0] : r[0].text).split(' ')[0])).toEqual(['topk', 'batchtopk']);
    expect(q4.blocks.flatMap((b) => (b.kind === 'notRun' ? [b.what] : []))).toEqual(['relu: not run.', 'jumprelu: not run.']);
  });
});

describe('the Markdown twin', () => {
  it('links every figure to an SVG file it writes, and every file is linked', () => {
    const { markdown, files } = renderMarkdown(buildReport(input(tiny())), 'phase3');
    const links = [...markdown.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThanOrEqual(5);
    expect(new Set(links)).toEqual(new Set(Object.keys(files)));
    for (const name of links) expect(files[name]).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>$/);
  });
});

describe('the chart renderer', () => {
  it('draws each kind without NaN, escaping its text', () => {
    const charts = [
      renderSvg({ kind: 'line', title: 'a < b', x: { label: 'x' }, y: { label: 'y', log: true }, series: [{ name: 's', points: [[0, 1], [1, 0.01]], band: [[0, 0.5, 2], [1, 0.005, 0.02]] }] }),
      renderSvg({ kind: 'heatmap', title: 'h', rows: ['a', 'b'], cols: ['a', 'b'], values: [[1, 0.3], [0.3, 1]], min: 0, max: 1, blankDiagonal: true }),
      renderSvg({ kind: 'bars', title: 'b', categories: ['x', 'y'], groups: [{ name: 'g', values: [1, null], errors: [0.1, null] }], y: { label: 'v' }, refs: [{ y: 0.5, label: 'null' }] }),
      renderSvg({ kind: 'scatter', title: 's', x: { label: 'x' }, y: { label: 'y' }, points: [{ x: 1, y: 1, label: 'one' }] }),
    ];
    for (const svg of charts) {
      expect(svg).not.toContain('NaN');
      expect(svg).not.toContain('Infinity');
    }
    expect(charts[0]).toContain('a &lt; b');
    expect(charts[1]).toContain('0.300');
    expect(charts[1]).not.toContain('1.000'); // a seed against itself is not drawn
  });
});
