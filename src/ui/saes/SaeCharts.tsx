/**
 * Live per-seed curves (MSE, FVU, L0, dead fraction; one trace per seed, the same colour in every chart) and the
 * latest firing-rate histogram of every seed.
 */
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { SaeMetrics, SaeSeedMetrics } from '../../core/sae/metrics.ts';
import { saeArchitectureOf } from '../../core/spec/sae.ts';
import { useLab } from '../../store/lab.ts';
import { Chart, type Series } from '../plot/Chart.tsx';
import { Figure } from '../plot/Figure.tsx';
import { seedColor } from './seedColors.ts';

function perSeed(metrics: SaeMetrics[], pick: (m: SaeSeedMetrics) => number): Series[] {
  const first = metrics[0];
  if (!first) return [];
  const x = metrics.map((m) => m.step);
  return first.seeds.map((s, i) => ({ name: `seed ${s.seed}`, x, y: metrics.map((m) => pick(m.seeds[i])), color: seedColor(i) }));
}

/** Grouped bars of the newest evaluation: latents per half-decade of firing rate, dead latents in their own bar. */
function FiringHistogram({ last }: { last: SaeMetrics | null }) {
  const { data, layout } = useMemo(() => {
    const seeds = last?.seeds ?? [];
    const edges = seeds[0]?.firing.edges ?? [];
    const centres = edges.slice(0, -1).map((e, b) => (e + edges[b + 1]) / 2);
    const deadX = (edges[0] ?? -6) - 0.6;
    const traces: Data[] = seeds.map((s, i) => ({
      type: 'bar', name: `seed ${s.seed}`, x: [deadX, ...centres], y: [s.firing.dead, ...s.firing.counts],
      marker: { color: seedColor(i) }, hovertemplate: `seed ${s.seed}: %{y} latents<extra></extra>`,
    }));
    const ticks = edges.filter((_, b) => b % 2 === 0);
    const lay: Partial<Layout> = {
      barmode: 'group', bargap: 0.15,
      xaxis: {
        title: { text: 'log10 firing rate (share of inputs a latent fires on)' },
        tickvals: [deadX, ...ticks], ticktext: ['dead', ...ticks.map(String)], zeroline: false, gridcolor: '#eef0f3',
      },
      yaxis: { title: { text: 'latents' }, gridcolor: '#eef0f3', rangemode: 'tozero' },
    };
    return { data: traces, layout: lay };
  }, [last]);
  const caption = last ? `latest evaluation, step ${last.step}` : null;
  return <Figure testId="sae-firing-chart" filename="sae-firing-rates" data={data} layout={layout} caption={caption} />;
}

export function SaeCharts() {
  const metrics = useLab((s) => s.saes.metrics);
  const runId = useLab((s) => s.saes.runId);
  const total = useLab((s) => s.saes.info?.totalSteps);
  const runSpec = useLab((s) => s.saes.runSpec);
  const arch = runSpec ? saeArchitectureOf(runSpec.architecture) : null;
  const k = (runSpec && arch?.targetL0?.(runSpec)) ?? null;

  const mse = useMemo(() => perSeed(metrics, (m) => m.mse), [metrics]);
  const fvu = useMemo(() => perSeed(metrics, (m) => m.fvu), [metrics]);
  const l0 = useMemo(() => perSeed(metrics, (m) => m.l0), [metrics]);
  const dead = useMemo(() => perSeed(metrics, (m) => m.deadFraction), [metrics]);

  return (
    <div className="charts">
      <Chart testId="sae-mse-chart" filename="sae-mse" series={mse} seriesKey={runId} xMax={total} xTitle="SAE step" yTitle="MSE (log)" yLog />
      <Chart testId="sae-fvu-chart" filename="sae-fvu" series={fvu} seriesKey={runId} xMax={total} xTitle="SAE step"
        yTitle="FVU = 1 − explained variance (log)" yLog />
      <Chart testId="sae-l0-chart" filename="sae-l0" series={l0} seriesKey={runId} xMax={total} xTitle="SAE step"
        yTitle={k === null ? 'L0 (active latents per input)' : `L0 (${arch!.label}: k = ${k}${arch!.name === 'topk' ? ' exactly' : ' on average'})`} />
      <Chart testId="sae-dead-chart" filename="sae-dead-fraction" series={dead} seriesKey={runId} xMax={total} xTitle="SAE step"
        yTitle="dead fraction" yRange={[0, 1.02]} />
      <FiringHistogram last={metrics.at(-1) ?? null} />
    </div>
  );
}
