/**
 * The stability charts, each with its nulls drawn on it: means of the three measures against every null and the
 * untrained SAEs, PWMCC over SAE training against isotropic chance, stable latents per seed, and the best-match
 * histogram against isotropic chance with the per-latent levels of isotropic chance and of the strongest null.
 */
import { useMemo } from 'react';
import type { Data, Layout, Shape } from 'plotly.js';
import type { NullName } from '../../core/analysis/nullNames.ts';
import type { StabilityReport } from '../../core/experiment/analyze.ts';
import type { StabilityPoint } from '../../store/stabilitySlice.ts';
import type { HistogramData, StabilityBaseline, StabilitySnapshot } from '../../worker/saeMessages.ts';
import { Figure } from '../plot/Figure.tsx';
import { seedColor } from '../saes/seedColors.ts';
import { MEASURES, type Reference } from './measures.ts';

const TRAINED = '#2563eb';
const UNTRAINED = '#9ca3af';
const RANDOM = '#dc2626';
const GRID = '#eef0f3';
/** One colour per null: isotropic chance red as before, the data-respecting nulls apart from it. */
const NULL_COLORS: Record<NullName, string> = { isotropic: RANDOM, subspace: '#7c3aed', covariance: '#d97706', rotation: '#0f766e' };

const hline = (y: number, color: string, dash: 'dash' | 'dot'): Partial<Shape> => ({
  type: 'line', xref: 'paper', x0: 0, x1: 1, yref: 'y', y0: y, y1: y, line: { color, width: 2, dash },
});

/** Bars of the three means (trained ± std, untrained), with every null as a dash of its colour and number. */
export function MeansChart({ latest, initial, references }: {
  latest: StabilitySnapshot | null; initial: StabilitySnapshot | null; references: Reference[][];
}) {
  const { data, layout } = useMemo(() => {
    const x = MEASURES.map((m) => m.short);
    const value = (s: StabilitySnapshot | null, k: number) => s?.[MEASURES[k].key]?.mean ?? null;
    const traces: Data[] = [
      { type: 'bar', name: 'trained SAEs', x, y: MEASURES.map((_, k) => value(latest, k)), marker: { color: TRAINED },
        error_y: { type: 'data', array: MEASURES.map((m) => latest?.[m.key]?.std ?? 0), color: '#1e3a8a', thickness: 1.5 } },
      { type: 'bar', name: 'untrained SAEs', x, y: MEASURES.map((_, k) => value(initial, k)), marker: { color: UNTRAINED } },
    ];
    const names = references[0]?.map((r) => r.name) ?? [];
    names.forEach((name, j) => {
      const refs = references.map((perMeasure) => perMeasure[j]);
      if (!refs.some((r) => Number.isFinite(r.mean))) return;
      const color = NULL_COLORS[name];
      traces.push({ type: 'scatter', mode: 'text+markers', name: refs[0].short, x, y: refs.map((r) => (Number.isFinite(r.mean) ? r.mean : null)),
        marker: { symbol: 'line-ew-open', size: 90, line: { width: 3, color }, color },
        // Only isotropic chance is written on the bars (the other dashes would overlap it); all are in the legend and hover.
        text: refs.map((r) => (name === 'isotropic' && Number.isFinite(r.mean) ? `${r.short} ${r.mean.toFixed(3)}` : '')), textposition: 'top center', textfont: { color, size: 11 },
        hovertemplate: `%{x}: ${refs[0].short} %{y:.3f}<extra></extra>` });
    });
    const lay: Partial<Layout> = {
      barmode: 'group', yaxis: { title: { text: 'mean over seed pairs' }, range: [0, 1.1], gridcolor: GRID }, xaxis: { type: 'category' },
    };
    return { data: traces, layout: lay };
  }, [latest, initial, references]);
  return <Figure testId="stability-means-chart" filename="stability-means" data={data} layout={layout} />;
}

/** PWMCC (max-cosine) mean ± std over SAE training, with isotropic chance and the untrained SAEs as lines. */
export function LiveChart({ history, baseline, totalSteps }: { history: StabilityPoint[]; baseline: StabilityBaseline | null; totalSteps?: number }) {
  const { data, layout } = useMemo(() => {
    const x = history.map((p) => p.step);
    const traces: Data[] = [
      { type: 'scatter', mode: 'lines', x, y: history.map((p) => p.mean + p.std), line: { width: 0 }, showlegend: false, hoverinfo: 'skip' },
      { type: 'scatter', mode: 'lines', x, y: history.map((p) => p.mean - p.std), line: { width: 0 }, fill: 'tonexty',
        fillcolor: 'rgba(37,99,235,0.15)', showlegend: false, hoverinfo: 'skip' },
      { type: 'scatter', mode: 'lines+markers', name: 'trained SAEs (mean ± std over pairs)', x, y: history.map((p) => p.mean),
        line: { color: TRAINED, width: 2.5 }, marker: { size: 6 } },
    ];
    const shapes = baseline ? [hline(baseline.pwmccMax.mean, RANDOM, 'dash')] : [];
    const untrained = history.find((p) => p.step === 0);
    if (untrained) shapes.push(hline(untrained.mean, UNTRAINED, 'dot'));
    const lay: Partial<Layout> = {
      xaxis: { title: { text: 'SAE step' }, range: totalSteps ? [0, totalSteps] : undefined, gridcolor: GRID, zeroline: false },
      yaxis: { title: { text: 'PWMCC, max-cosine form' }, range: [0, 1.02], gridcolor: GRID },
      shapes,
      annotations: baseline ? [{
        xref: 'paper', x: 0.01, xanchor: 'left', y: baseline.pwmccMax.mean, yanchor: 'top', showarrow: false,
        text: `isotropic ${baseline.pwmccMax.mean.toFixed(3)} (d = ${baseline.d}, n = ${baseline.n})`, font: { color: RANDOM, size: 12 },
      }] : [],
    };
    return { data: traces, layout: lay };
  }, [history, baseline, totalSteps]);
  return <Figure testId="stability-live-chart" filename="stability-over-training" data={data} layout={layout} />;
}

/** Stable latents per seed out of n, with the count chance alone would give (n · p^(N−1)). */
export function StableLatentsChart({ snapshot, pValue = 0.01 }: { snapshot: StabilitySnapshot | null; pValue?: number }) {
  const { data, layout, chance } = useMemo(() => {
    const s = snapshot;
    const seeds = s?.seeds ?? [];
    const n = s?.stableLatents.n ?? 1;
    const chance = n * pValue ** Math.max(1, seeds.length - 1);
    const traces: Data[] = [{
      type: 'bar', x: seeds.map((seed) => `seed ${seed}`), y: s?.stableLatents.perSeed ?? [], marker: { color: seeds.map((_, i) => seedColor(i)) },
      text: (s?.stableLatents.perSeed ?? []).map((c) => `${c} / ${n}`), textposition: 'outside', hovertemplate: '%{x}: %{y} stable latents<extra></extra>',
    }];
    const lay: Partial<Layout> = {
      yaxis: { title: { text: `stable latents (of ${n})` }, range: [0, n * 1.12], gridcolor: GRID },
      xaxis: { type: 'category' },
      shapes: [hline(chance, RANDOM, 'dash')],
    };
    return { data: traces, layout: lay, chance };
  }, [snapshot, pValue]);
  const caption = <span className="caption-random">red dash: chance alone gives ≈ {chance < 0.1 ? chance.toExponential(1) : chance.toFixed(1)} stable latents per seed</span>;
  return <Figure testId="stability-stable-chart" filename="stability-stable-latents" data={data} layout={layout} caption={caption} />;
}

const shares = (h: HistogramData) => h.counts.map((c) => (h.total > 0 ? c / h.total : 0));
const centres = (h: HistogramData) => h.counts.map((_, b) => (h.edges[b] + h.edges[b + 1]) / 2);

/** A vertical dashed line at a per-latent level, labelled at the top. */
function levelLine(x: number, color: string, text: string, row: number) {
  const right = x > 0.6;
  return {
    shape: { type: 'line', xref: 'x', x0: x, x1: x, yref: 'paper', y0: 0, y1: 1, line: { color, width: 2, dash: 'dash' } } as Partial<Shape>,
    annotation: { xref: 'x' as const, x, xanchor: right ? 'right' as const : 'left' as const, yref: 'paper' as const, y: 1 - 0.08 * row, yanchor: 'top' as const,
      showarrow: false, xshift: right ? -4 : 4, text, font: { color, size: 12 }, bgcolor: 'rgba(255,255,255,0.85)' },
  };
}

/**
 * Best-match |cos| of every latent in every other seed against the same for isotropic random dictionaries, with the
 * p < 0.01 level of isotropic chance and (after training) that of the strongest null.
 */
export function BestMatchChart({ snapshot, baseline, report }: {
  snapshot: StabilitySnapshot | null; baseline: StabilityBaseline | null; report?: StabilityReport | null;
}) {
  const { data, layout } = useMemo(() => {
    const traces: Data[] = [];
    if (baseline) {
      const h = baseline.bestMatchHistogram;
      traces.push({ type: 'bar', name: 'isotropic random dictionaries', x: centres(h), y: shares(h), marker: { color: 'rgba(220,38,38,0.45)' } });
    }
    if (snapshot) {
      const h = snapshot.bestMatchHistogram;
      traces.push({ type: 'bar', name: 'trained SAEs', x: centres(h), y: shares(h), marker: { color: 'rgba(37,99,235,0.7)' } });
    }
    const lines = [];
    if (baseline) lines.push(levelLine(baseline.bestMatchThreshold, RANDOM, `isotropic chance ${baseline.bestMatchThreshold.toFixed(3)} (p < 0.01)`, 0));
    const against = report?.verdict?.against;
    const strong = against && against !== 'isotropic' ? report?.nulls?.[against] : undefined;
    if (against && strong) lines.push(levelLine(strong.bestMatchThreshold, NULL_COLORS[against], `strongest null ${strong.bestMatchThreshold.toFixed(3)} (p < 0.01)`, 1));
    const lay: Partial<Layout> = {
      barmode: 'overlay', bargap: 0,
      xaxis: { title: { text: 'best-match |cos| of a latent in another seed' }, range: [0, 1], gridcolor: GRID },
      yaxis: { title: { text: 'share of latents' }, gridcolor: GRID, rangemode: 'tozero' },
      shapes: lines.map((l) => l.shape),
      annotations: lines.map((l) => l.annotation),
    };
    return { data: traces, layout: lay };
  }, [snapshot, baseline, report]);
  return <Figure testId="stability-bestmatch-chart" filename="stability-best-matches" data={data} layout={layout} />;
}
