/**
 * The notebook's runs as report.json (src/core/report.ts) for the generated report: the same numbers the sections'
 * Download JSON buttons export (stability report, Fourier snapshot, features summary), in the CLI's shape, so the
 * page and `npm run report` build the same document from the same run.
 */
import { SPEC_VERSION } from '../../core/spec/experiment.ts';
import { featuresReport } from '../../core/experiment/featuresReport.ts';
import { saeArchitectureOf, saeHookName } from '../../core/spec/sae.ts';
import type { ExperimentReport, SaeReport } from '../../core/report.ts';
import type { LabState } from '../../store/lab.ts';
import { experimentName } from '../../store/transformerSlice.ts';

type LabParts = Pick<LabState, 'transformer' | 'fourier' | 'saes' | 'stability' | 'features' | 'backend'>;

/** The run on the page as report.json, or null before a transformer has trained and been analysed. */
export function labReport(lab: LabParts, createdAt: string): ExperimentReport | null {
  const t = lab.transformer;
  const f = lab.fourier.snapshot;
  if (!t.runSpec || !f || t.metrics.length === 0) return null;
  const last = t.metrics[t.metrics.length - 1];
  const backend = lab.backend.active ?? 'unknown';
  const saeSpec = lab.saes.runSpec;
  const saeMetrics = lab.saes.metrics.at(-1);
  const info = lab.saes.info;
  const finished = lab.saes.status === 'done' && saeSpec && saeMetrics && info;
  const saes: SaeReport[] | undefined = finished ? saeMetrics.seeds.map((m) => ({
    name: `${saeSpec.architecture}_seed${m.seed}`, architecture: saeSpec.architecture, seed: m.seed,
    ...saeArchitectureOf(saeSpec.architecture).reportKnobs(saeSpec),
    dIn: info.dIn, dSae: info.nLatents, hookName: saeHookName(saeSpec), position: saeSpec.position,
    mse: m.mse, fvu: m.fvu, explainedVariance: m.explainedVariance, l0: m.l0, deadFraction: m.deadFraction,
    steps: saeMetrics.step, wallSeconds: lab.saes.summary?.wallSeconds ?? NaN, msPerStep: lab.saes.summary?.msPerStep ?? NaN,
  })) : undefined;
  const features = finished ? lab.features.summary : null;
  const stability = finished ? lab.stability.report : null;
  return {
    reportVersion: 1,
    createdAt,
    spec: { version: SPEC_VERSION, name: experimentName(t), transformer: t.runSpec, ...(finished ? { saes: saeSpec } : {}) },
    environment: { runtime: 'browser', backend, ...(lab.backend.reason ? { backendNote: lab.backend.reason } : {}) },
    transformer: {
      steps: last.step, final: { trainLoss: last.trainLoss, testLoss: last.testLoss, trainAcc: last.trainAcc, testAcc: last.testAcc },
      stepsToGrok: t.stepsToGrok, secondsToGrok: t.summary?.secondsToGrok ?? null, wallSeconds: t.summary?.wallSeconds ?? NaN,
      msPerStep: t.summary?.msPerStep ?? NaN, backend, parameters: NaN,
      history: t.metrics.map((m) => [m.step, m.trainLoss, m.testLoss, m.trainAcc, m.testAcc]),
    },
    ...(saes ? { saes } : {}),
    ...(stability && lab.stability.activations ? { activations: lab.stability.activations, stability } : {}),
    fourier: {
      keyFrequencies: f.keyFrequencies, keyFrequencyFraction: f.keyFraction, embeddingNorms: f.embeddingNorms,
      harmonicsExcluded: f.harmonics,
      neuronCheck: { ...f.neuronCheck, clusterSizes: f.clusters.map((c) => ({ frequency: c.frequency, neurons: c.units.length })), minClusterShare: 0.02 },
      ...(features ? { saes: features.trained, initialSaes: features.initial } : {}),
    },
    ...(features?.stableFourier ? { stableFourier: features.stableFourier } : {}),
    ...(features && saes && saes.length >= 2 ? { features: featuresReport(features) } : {}),
    ...(lab.fourier.history.length >= 2 ? { progress: { source: `the page's Fourier analyses during training (${lab.fourier.history.length} points)`, points: lab.fourier.history } } : {}),
  };
}
