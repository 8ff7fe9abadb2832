/** Live loss (log scale) and accuracy curves of the current run, with the grokking step marked. */
import { useMemo } from 'react';
import type { TransformerMetrics } from '../../core/train/transformerTrainer.ts';
import { useLab } from '../../store/lab.ts';
import { Chart, type Marker, type Series } from '../plot/Chart.tsx';

const TRAIN = '#2563eb';
const TEST = '#ea580c';

function curves(metrics: TransformerMetrics[], pick: (m: TransformerMetrics) => [number, number]): Series[] {
  const x = metrics.map((m) => m.step);
  const pairs = metrics.map(pick);
  return [
    { name: 'train', x, y: pairs.map((p) => p[0]), color: TRAIN },
    { name: 'test', x, y: pairs.map((p) => p[1]), color: TEST },
  ];
}

export function TransformerCharts() {
  const metrics = useLab((s) => s.transformer.metrics);
  const runId = useLab((s) => s.transformer.runId);
  const total = useLab((s) => s.transformer.runSpec?.steps);
  const stepsToGrok = useLab((s) => s.transformer.stepsToGrok);

  const loss = useMemo(() => curves(metrics, (m) => [m.trainLoss, m.testLoss]), [metrics]);
  const acc = useMemo(() => curves(metrics, (m) => [m.trainAcc, m.testAcc]), [metrics]);
  const markers = useMemo<Marker[]>(() => (stepsToGrok === null ? [] : [{ x: stepsToGrok, label: `grokked @ ${stepsToGrok}` }]), [stepsToGrok]);

  return (
    <div className="charts">
      <Chart testId="loss-chart" filename="transformer-loss" series={loss} seriesKey={runId} xMax={total}
        xTitle="step" yTitle="cross-entropy loss (log)" yLog markers={markers} />
      <Chart testId="accuracy-chart" filename="transformer-accuracy" series={acc} seriesKey={runId} xMax={total}
        xTitle="step" yTitle="accuracy" yRange={[0, 1.04]} markers={markers} />
    </div>
  );
}
