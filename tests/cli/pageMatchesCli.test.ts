/**
 * One analysis path: the same spec and seeds run once through the CLI's pipeline (report.json) and once through the
 * worker's runs folded into the page's store (the stability and features sections' "Download JSON"), and every
 * number the two documents share is equal.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../cli/pipeline.ts';
import type { ExperimentReport } from '../../src/core/report.ts';
import type { ExperimentSpec } from '../../src/core/spec/experiment.ts';
import { saePresets } from '../../src/core/spec/sae.ts';
import { transformerPresets } from '../../src/core/spec/transformer.ts';
import { clearedFeatures, featuresExport, featuresReceive, initialFeatures } from '../../src/store/featuresSlice.ts';
import { clearedStability, initialStability, stabilityExport, stabilityReceive } from '../../src/store/stabilitySlice.ts';
import type { FromWorker } from '../../src/worker/protocol.ts';
import type { SaeRunInfo } from '../../src/worker/saeMessages.ts';
import { SaeRun } from '../../src/worker/saeRun.ts';
import { BaselineCache } from '../../src/core/experiment/stabilityTracker.ts';
import { TransformerRun } from '../../src/worker/transformerRun.ts';
import { useBackend } from '../helpers/backend.ts';

const spec: ExperimentSpec = {
  version: 1,
  name: 'page-matches-cli',
  transformer: { ...transformerPresets.tiny, steps: 60, evalEvery: 20 },
  saes: { ...saePresets.tiny, seeds: [42, 123], epochs: 2, evalEvery: 5 },
};

/** What a file download holds: the document through JSON (NaN becomes null, typed arrays objects). */
const asJson = (doc: unknown) => JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;

/** The page's path: the worker's transformer and SAE runs, their messages folded by the store's sections. */
async function pageDocuments() {
  const sent: FromWorker[] = [];
  const post = (m: FromWorker) => sent.push(m);
  const transformer = new TransformerRun(spec.transformer, 1, post);
  await transformer.start();
  const saeRunId = 2;
  const saes = new SaeRun(spec.saes!, saeRunId, 0.7, new BaselineCache(), post);
  await saes.prepare(transformer.source());
  await saes.start();
  let stability = clearedStability(initialStability(), saeRunId);
  let features = clearedFeatures(initialFeatures(), saeRunId);
  let info: SaeRunInfo | null = null;
  for (const m of sent) {
    stability = stabilityReceive(stability, m);
    features = featuresReceive(features, m, saeRunId);
    if (m.type === 'started') info = m.info;
  }
  const done = sent.find((m) => m.type === 'done' && m.section === 'saes');
  const transformerDone = sent.find((m) => m.type === 'done' && m.section === 'transformer');
  await saes.dispose();
  await transformer.dispose();
  return {
    stability: asJson(stabilityExport(stability, spec.saes!, info)),
    features: asJson(featuresExport(features, spec.saes!, info)),
    saeSummary: done?.type === 'done' && done.section === 'saes' ? done.summary : null,
    transformerSummary: transformerDone?.type === 'done' && transformerDone.section === 'transformer' ? transformerDone.summary : null,
  };
}

const withoutTime = ({ elapsedMs: _, ...rest }: Record<string, unknown>) => rest;

describe('the page and the CLI on the same spec and seeds', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'page-cli-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('hold the same numbers in the sections\' Download JSON and in report.json', async () => {
    await useBackend('wasm');
    await runPipeline({ spec, outDir, backend: 'wasm', quiet: true });
    const report = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as ExperimentReport;
    const page = await pageDocuments();

    // The models themselves: the transformer's final accuracy and each SAE's fit.
    expect(page.transformerSummary?.final.testAcc).toBe(report.transformer.final!.testAcc);
    expect(page.saeSummary?.final.seeds.map((s) => s.fvu)).toEqual(report.saes!.map((s) => s.fvu));

    // Stability: report.json's `stability` and `activations`, every null and the verdict.
    expect(withoutTime(page.stability.stability as Record<string, unknown>)).toEqual(withoutTime(asJson(report.stability)));
    expect(page.stability.activations).toEqual(asJson(report.activations));

    // Features: the Fourier shares beside the untrained SAEs, and stable × Fourier.
    const shares = page.features.fourierShares as { trained: unknown; untrained: unknown };
    expect(shares.trained).toEqual(asJson(report.fourier.saes));
    expect(shares.untrained).toEqual(asJson(report.fourier.initialSaes));
    expect(page.features.stableFourier).toEqual(asJson(report.stableFourier));
    expect(page.features.keyFrequencies).toEqual(report.fourier.keyFrequencies);
  }, 300_000);
});
