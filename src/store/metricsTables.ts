/**
 * Every section's numbers as one CSV table and one JSON document, for the download buttons (docs/files.md). Pure
 * functions of the slices; each JSON carries the spec that produced the numbers. Column names follow the fields.
 */
import type { CsvTable } from '../core/io/csv.ts';
import type { FeaturesState } from './featuresSlice.ts';
import type { FourierState } from './fourierSlice.ts';
import type { SaeState } from './saeSlice.ts';
import type { StabilityState } from './stabilitySlice.ts';
import type { TransformerState } from './transformerSlice.ts';

export interface MetricsExport {
  csv: CsvTable;
  json: object;
}

const doc = (kind: string, body: object) => ({ kind: `sae-stability-lab/${kind}`, version: 1, definitions: 'docs/metrics.md', ...body });

export function transformerMetrics(t: TransformerState): MetricsExport | null {
  if (t.metrics.length === 0) return null;
  const columns = ['step', 'trainLoss', 'testLoss', 'trainAcc', 'testAcc', 'lr'] as const;
  return {
    csv: { columns: [...columns], rows: t.metrics.map((m) => columns.map((c) => m[c])) },
    json: doc('transformer-metrics', { transformer: t.runSpec, stepsToGrok: t.stepsToGrok, summary: t.summary, metrics: t.metrics }),
  };
}

export function saeMetrics(s: SaeState): MetricsExport | null {
  if (s.metrics.length === 0) return null;
  const perSeed = ['seed', 'mse', 'fvu', 'explainedVariance', 'l0', 'deadFraction', 'deadWindowFraction'] as const;
  return {
    csv: {
      columns: ['step', 'epoch', 'l1', ...perSeed],
      rows: s.metrics.flatMap((m) => m.seeds.map((seed) => [m.step, m.epoch, m.l1, ...perSeed.map((c) => seed[c])])),
    },
    json: doc('sae-metrics', { saes: s.runSpec, source: s.info, summary: s.summary, metrics: s.metrics }),
  };
}

/** Long format: one row per number (phase, step, measure, seed pair or the mean/std over pairs). */
export function stabilityMetrics(st: StabilityState, saes: SaeState): MetricsExport | null {
  if (st.history.length === 0) return null;
  const rows: CsvTable['rows'] = st.history.flatMap((p) => [
    ['over training', p.step, 'pwmccMax', 'mean', '', p.mean],
    ['over training', p.step, 'pwmccMax', 'std', '', p.std],
  ]);
  for (const snap of [st.initial, st.latest]) {
    if (!snap) continue;
    const phase = snap.phase === 'initial' ? 'untrained' : snap.phase;
    for (const measure of ['pwmccMax', 'pwmccOneToOne', 'sharedFraction'] as const) {
      const stat = snap[measure];
      if (!stat) continue;
      rows.push([phase, snap.step, measure, 'mean', '', stat.mean], [phase, snap.step, measure, 'std', '', stat.std]);
      stat.matrix.forEach((row, a) => row.forEach((v, b) => {
        if (a !== b) rows.push([phase, snap.step, measure, snap.seeds[a], snap.seeds[b], v]);
      }));
    }
  }
  for (const [name, n] of Object.entries(st.latest?.phase === 'final' ? st.report?.nulls ?? {} : {})) { // every null of the final report
    for (const measure of ['pwmccMax', 'pwmccOneToOne', 'sharedFraction'] as const) {
      rows.push([`null: ${name}`, st.latest!.step, measure, 'mean', '', n[measure].mean], [`null: ${name}`, st.latest!.step, measure, 'std', '', n[measure].std]);
    }
  }
  return {
    csv: { columns: ['phase', 'step', 'measure', 'seed_a', 'seed_b', 'value'], rows },
    json: doc('stability-metrics', {
      saes: saes.runSpec, source: saes.info, sharedThreshold: st.sharedThreshold, baseline: st.baseline, activations: st.activations,
      untrained: st.initial, latest: st.latest, report: st.report, pwmccMaxOverTraining: st.history,
    }),
  };
}

export function fourierMetrics(f: FourierState, t: TransformerState): MetricsExport | null {
  if (f.history.length === 0) return null;
  return {
    csv: {
      columns: ['step', 'restrictedLoss', 'excludedLoss', 'keyFraction', 'keyFrequencies'],
      rows: f.history.map((p) => [p.step, p.restrictedLoss, p.excludedLoss, p.keyFraction, p.keyFrequencies.join(' ')]),
    },
    json: doc('fourier-metrics', { transformer: t.runSpec, history: f.history }),
  };
}

export function featuresMetrics(f: FeaturesState, saes: SaeState): MetricsExport | null {
  const s = f.summary;
  if (!s) return null;
  const rows = (['trained', 'untrained'] as const).flatMap((kind) =>
    (kind === 'trained' ? s.trained : s.initial).map((r) => [kind, r.seed, r.nLive, r.nFourier, r.share, r.keyAlignedShare, r.frequencies.join(' ')]));
  return {
    csv: { columns: ['saes', 'seed', 'nLive', 'nFourier', 'share', 'keyAlignedShare', 'frequencies'], rows },
    json: doc('features-metrics', { saes: saes.runSpec, summary: s }),
  };
}
