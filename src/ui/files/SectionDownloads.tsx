/** The CSV/JSON downloads of each section, wired to its state (one line in each section component). */
import { useMemo } from 'react';
import { useLab } from '../../store/lab.ts';
import { featuresMetrics, fourierMetrics, saeMetrics, stabilityMetrics, transformerMetrics } from '../../store/metricsTables.ts';
import { MetricsDownloads } from './MetricsDownloads.tsx';
import { ModelDownload } from './ModelDownload.tsx';

export function TransformerDownloads() {
  const t = useLab((s) => s.transformer);
  return (
    <>
      <MetricsDownloads name="transformer-metrics" data={useMemo(() => transformerMetrics(t), [t])} />
      <ModelDownload />
    </>
  );
}

export function SaeDownloads() {
  const saes = useLab((s) => s.saes);
  return <MetricsDownloads name="sae-metrics" data={useMemo(() => saeMetrics(saes), [saes])} />;
}

export function StabilityDownloads() {
  const stability = useLab((s) => s.stability);
  const saes = useLab((s) => s.saes);
  return <MetricsDownloads name="stability-metrics" data={useMemo(() => stabilityMetrics(stability, saes), [stability, saes])} />;
}

export function FourierDownloads() {
  const fourier = useLab((s) => s.fourier);
  const t = useLab((s) => s.transformer);
  return <MetricsDownloads name="fourier-metrics" data={useMemo(() => fourierMetrics(fourier, t), [fourier, t])} />;
}

export function FeaturesDownloads() {
  const features = useLab((s) => s.features);
  const saes = useLab((s) => s.saes);
  return <MetricsDownloads name="features-metrics" data={useMemo(() => featuresMetrics(features, saes), [features, saes])} />;
}
