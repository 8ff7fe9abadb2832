/**
 * Nanda et al.'s progress measures beside the ordinary losses. Restricted loss: the test loss when the logits keep
 * only their key-frequency part; it falls well before the test loss does, because the Fourier algorithm forms while
 * the model still memorises. Excluded loss: the train loss with that part removed; it rises as the model comes to
 * depend on the algorithm. Both use the key frequencies found at each analysed step.
 */
import { useMemo } from 'react';
import { useLab } from '../../store/lab.ts';
import type { FourierPoint } from '../../store/fourierSlice.ts';
import { Chart, type Marker, type Series } from '../plot/Chart.tsx';
import { FOURIER_COLORS } from './useFourier.ts';

export function ProgressMeasures({ history }: { history: FourierPoint[] }) {
  const metrics = useLab((s) => s.transformer.metrics);
  const runId = useLab((s) => s.transformer.runId);
  const total = useLab((s) => s.transformer.runSpec?.steps);
  const stepsToGrok = useLab((s) => s.transformer.stepsToGrok);

  const series = useMemo<Series[]>(() => {
    const x = metrics.map((m) => m.step);
    const hx = history.map((h) => h.step);
    return [
      { name: 'train loss', x, y: metrics.map((m) => m.trainLoss), color: FOURIER_COLORS.train },
      { name: 'test loss', x, y: metrics.map((m) => m.testLoss), color: FOURIER_COLORS.test },
      { name: 'restricted (test)', x: hx, y: history.map((h) => h.restrictedLoss), color: FOURIER_COLORS.restricted },
      { name: 'excluded (train)', x: hx, y: history.map((h) => h.excludedLoss), color: FOURIER_COLORS.excluded },
    ];
  }, [metrics, history]);
  const markers = useMemo<Marker[]>(() => (stepsToGrok === null ? [] : [{ x: stepsToGrok, label: `grokked @ ${stepsToGrok}` }]), [stepsToGrok]);

  return (
    <div className="fourier-figure" data-testid="fourier-progress" data-points={history.length}>
      <Chart testId="fourier-progress-chart" filename="progress-measures" series={series} seriesKey={runId} xMax={total}
        xTitle="step" yTitle="cross-entropy loss (log)" yLog markers={markers} />
      <p className="fourier-caption">
        <b style={{ color: FOURIER_COLORS.restricted }}>Restricted loss</b>: test loss when the logits keep only their key-frequency
        part — it drops before the test loss does (the Fourier algorithm forms while the model still memorises).{' '}
        <b style={{ color: FOURIER_COLORS.excluded }}>Excluded loss</b>: train loss with that part removed — it rises once
        the model relies on it. Both use the key frequencies found at each step.
      </p>
    </div>
  );
}
