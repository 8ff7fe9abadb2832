/** Two stored runs side by side: every spec field (changed ones highlighted) and their curves overlaid, or for two comparison runs their arms. */
import { useMemo } from 'react';
import type { TransformerMetrics } from '../../core/train/transformerTrainer.ts';
import type { RunRecord, RunRecordOf } from '../../storage/schema.ts';
import { Chart, type Series } from '../plot/Chart.tsx';
import { ArmComparison } from './ArmComparison.tsx';
import { saeMeanCurve } from './runSummary.ts';
import { specDiff } from './specDiff.ts';

const COLORS = { a: ['#2563eb', '#93c5fd'], b: ['#ea580c', '#fdba74'] };

function transformerSeries(runs: RunRecordOf<'transformer'>[], pick: (m: TransformerMetrics) => [number, number]): Series[] {
  return runs.flatMap((run, i) => {
    const ms = run.metrics;
    const [test, train] = i === 0 ? COLORS.a : COLORS.b;
    const label = i === 0 ? 'A' : 'B';
    const x = ms.map((m) => m.step);
    return [
      { name: `${label} train`, x, y: ms.map((m) => pick(m)[0]), color: train },
      { name: `${label} test`, x, y: ms.map((m) => pick(m)[1]), color: test },
    ];
  });
}

function saeSeries(runs: RunRecordOf<'saes'>[], pick: (s: RunRecordOf<'saes'>['metrics'][number]['seeds'][number]) => number): Series[] {
  return runs.map((run, i) => ({ name: `${i === 0 ? 'A' : 'B'} (mean over seeds)`, ...saeMeanCurve(run.metrics, pick), color: i === 0 ? COLORS.a[0] : COLORS.b[0] }));
}

/** A number that changes with the pair of runs and their last change. */
function pairKey(runs: [RunRecord, RunRecord]): number {
  let h = 0;
  for (const c of `${runs[0].id}@${runs[0].updatedAt}|${runs[1].id}@${runs[1].updatedAt}`) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}

function Curves({ runs }: { runs: [RunRecord, RunRecord] }) {
  const key = useMemo(() => pairKey(runs), [runs]); // a new pair (or a run that changed) replaces the curves
  const [a, b] = runs;
  if (a.kind === 'transformer' && b.kind === 'transformer') {
    const pair = [a, b];
    return (
      <div className="charts">
        <Chart testId="compare-loss-chart" filename="compare-loss" series={transformerSeries(pair, (m) => [m.trainLoss, m.testLoss])} seriesKey={key} xTitle="step" yTitle="cross-entropy loss (log)" yLog />
        <Chart testId="compare-accuracy-chart" filename="compare-accuracy" series={transformerSeries(pair, (m) => [m.trainAcc, m.testAcc])} seriesKey={key} xTitle="step" yTitle="accuracy" yRange={[0, 1.04]} />
      </div>
    );
  }
  if (a.kind === 'stabilise' && b.kind === 'stabilise') return <ArmComparison runs={[a, b]} />;
  if (a.kind !== 'saes' || b.kind !== 'saes') return <p className="empty-note">Runs of different kinds (or sweeps, whose tables are in the Sweep section) share no curves: only their specs are compared.</p>;
  const pair = [a, b];
  return (
    <div className="charts">
      <Chart testId="compare-fvu-chart" filename="compare-fvu" series={saeSeries(pair, (s) => s.fvu)} seriesKey={key} xTitle="SAE step" yTitle="FVU (log)" yLog />
      <Chart testId="compare-l0-chart" filename="compare-l0" series={saeSeries(pair, (s) => s.l0)} seriesKey={key} xTitle="SAE step" yTitle="L0 (active latents)" />
    </div>
  );
}

export function CompareRuns({ runs }: { runs: [RunRecord, RunRecord] }) {
  const rows = useMemo(() => specDiff(runs[0].spec, runs[1].spec), [runs]);
  const changed = rows.filter((r) => r.changed).length;
  return (
    <div data-testid="compare-panel">
      <h3>A: {runs[0].name} · B: {runs[1].name}</h3>
      <p data-testid="compare-summary">{changed === 0 ? 'Same spec.' : `${changed} spec field${changed === 1 ? '' : 's'} differ (highlighted).`}</p>
      <table className="spec-diff" data-testid="spec-diff">
        <thead><tr><th>field</th><th>A</th><th>B</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.path} className={r.changed ? 'changed' : undefined} data-testid="spec-diff-row" data-path={r.path} data-changed={r.changed}>
              <td>{r.path}</td><td>{r.a}</td><td>{r.b}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Curves runs={runs} />
    </div>
  );
}
