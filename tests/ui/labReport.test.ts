/** The page's report data: the notebook's slices as report.json, so page and CLI build the same sections from one run. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GalleryLatent } from '../../src/core/experiment/featuresReport.ts';
import { decodeBase64 } from '../../src/core/io/base64.ts';
import type { ExperimentReport } from '../../src/core/report.ts';
import { buildReport, renderHtml } from '../../src/report/index.ts';
import { labReport } from '../../src/ui/report/labReport.ts';

const cli = JSON.parse(readFileSync('tests/report/fixtures/tiny/report.json', 'utf8')) as ExperimentReport;

/** The Features section's summary of the run, as far as report.json keeps it (its gallery and families). */
function summaryOf(r: ExperimentReport) {
  const g = r.features!.gallery!;
  const thumb = (x: GalleryLatent) => ({ latent: x.latent, pixels: decodeBase64(x.pixels)!, frequency: x.frequency, stability: x.stability, firingRate: x.firingRate });
  return {
    seeds: r.spec.saes!.seeds, p: g.p, trained: r.fourier.saes, initial: r.fourier.initialSaes, stableFourier: r.stableFourier, families: r.features!.families,
    galleryByFiring: [[]], galleryByStability: [g.stable.map((x) => x.latent)], galleryUnstable: [g.unstable.map((x) => x.latent)],
    thumbnails: [[...g.stable, ...g.unstable].map(thumb)],
  };
}

/** What the page's slices hold after the same run (the worker's messages carry these numbers). */
function labOf(r: ExperimentReport, withSaes: boolean) {
  const f = r.fourier;
  return {
    backend: { active: 'wasm', reason: null },
    transformer: { runSpec: r.spec.transformer, preset: 'tiny', specName: null, stepsToGrok: r.transformer.stepsToGrok, summary: null,
      metrics: r.transformer.history.map(([step, trainLoss, testLoss, trainAcc, testAcc]) => ({ step, trainLoss, testLoss, trainAcc, testAcc, lr: 0 })) },
    fourier: { history: r.progress?.points ?? [], snapshot: { keyFrequencies: f.keyFrequencies, keyFraction: f.keyFrequencyFraction, embeddingNorms: f.embeddingNorms, harmonics: f.harmonicsExcluded,
      neuronCheck: f.neuronCheck, clusters: f.neuronCheck!.clusterSizes.map((c) => ({ frequency: c.frequency, units: Array.from({ length: c.neurons }, (_, i) => i) })) } },
    saes: withSaes
      ? { status: 'done', runSpec: r.spec.saes, info: { dIn: r.saes![0].dIn, nLatents: r.saes![0].dSae }, summary: null,
        metrics: [{ step: r.saes![0].steps, seeds: r.saes!.map((s) => ({ seed: s.seed, mse: s.mse, fvu: s.fvu, explainedVariance: s.explainedVariance, l0: s.l0, deadFraction: s.deadFraction })) }] }
      : { status: 'idle', runSpec: null, info: null, summary: null, metrics: [] },
    stability: { report: r.stability, activations: r.activations },
    features: { summary: summaryOf(r) },
  } as unknown as Parameters<typeof labReport>[0];
}

/** The numbers a section shows, by their report.json key. */
const numbersOf = (html: string, id: string) => {
  const section = html.slice(html.indexOf(`<section id="${id}"`), html.indexOf('</section>', html.indexOf(`<section id="${id}"`)));
  return [...section.matchAll(/<td data-key="([^"]+)">([^<]*)<\/td>/g)].map((m) => `${m[1]}=${m[2]}`);
};

describe('labReport', () => {
  it('gives the page the same questions, numbers and verdicts as the CLI\'s report.json of the same run', () => {
    const page = labReport(labOf(cli, true), cli.createdAt)!;
    const build = (r: ExperimentReport) => renderHtml(buildReport({ runs: [{ report: r, source: 'x' }], appVersion: 't', generatedBy: 't' }));
    const [fromPage, fromCli] = [build(page), build(cli)];
    expect(page.features).toEqual(cli.features);
    expect(page.progress!.points).toEqual(cli.progress!.points);
    for (const id of ['q1-fourier', 'q3-stability', 'q4-architectures']) {
      expect(numbersOf(fromPage, id).length).toBeGreaterThanOrEqual(2);
      expect(numbersOf(fromPage, id)).toEqual(numbersOf(fromCli, id));
    }
    expect(page.stability!.verdict.sentence).toBe(cli.stability!.verdict.sentence);
  });

  it('leaves the SAEs out until their run is done, and gives nothing before a transformer has trained', () => {
    const page = labReport(labOf(cli, false), cli.createdAt)!;
    expect(page.saes).toBeUndefined();
    expect(page.stability).toBeUndefined();
    expect(buildReport({ runs: [{ report: page, source: 'x' }], appVersion: 't', generatedBy: 't' }).sections.find((s) => s.id === 'q3-stability')!.status).toBe('not run');
    const empty = labOf(cli, false);
    (empty as { transformer: { metrics: unknown[] } }).transformer.metrics = [];
    expect(labReport(empty, cli.createdAt)).toBeNull();
  });
});
