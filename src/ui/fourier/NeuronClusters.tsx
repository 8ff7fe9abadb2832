/**
 * MLP neurons grouped by frequency: a neuron belongs to frequency k when k explains ≥ 85% of its variation over
 * the p × p inputs (Nanda et al.'s threshold). Key-frequency groups are violet. The chips pick a neuron of a group
 * (clicked again: the next one).
 */
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import { useLab } from '../../store/lab.ts';
import type { FourierSnapshot } from '../../core/experiment/fourierViews.ts';
import { Figure } from '../plot/Figure.tsx';
import { FOURIER_COLORS } from './useFourier.ts';

interface Group {
  id: string;
  label: string;
  units: number[];
  color: string;
}

function groupsOf(s: FourierSnapshot): Group[] {
  return [
    ...s.clusters.map((c) => ({
      id: String(c.frequency),
      label: `k = ${c.frequency}`,
      units: c.units,
      color: s.keyFrequencies.includes(c.frequency) ? FOURIER_COLORS.key : FOURIER_COLORS.train,
    })),
    { id: 'other', label: 'mixed', units: s.other, color: FOURIER_COLORS.other },
    { id: 'constant', label: 'constant', units: s.constant, color: FOURIER_COLORS.faint },
  ];
}

export function ClusterChips({ snapshot }: { snapshot: FourierSnapshot }) {
  const inspect = useLab((st) => st.inspectFourier);
  const selected = useLab((st) => st.fourier.selection.neuron);
  const groups = useMemo(() => groupsOf(snapshot).filter((g) => g.units.length > 0), [snapshot]);
  return (
    <div className="fourier-chips" role="group" aria-label="show a neuron of a group">
      <span className="fourier-chips-label">show a neuron:</span>
      {groups.map((g) => (
        <button key={g.id} type="button" className="fourier-chip" data-testid={`fourier-cluster-${g.id}`}
          aria-pressed={g.units.includes(selected)} style={{ borderColor: g.color }}
          title={`neurons ${g.units.slice(0, 12).join(', ')}${g.units.length > 12 ? ', …' : ''}`}
          onClick={() => inspect({ neuron: g.units[(g.units.indexOf(selected) + 1) % g.units.length] })}>
          <span className="fourier-chip-dot" style={{ background: g.color }} aria-hidden />
          {g.label} <span className="fourier-chip-count">{g.units.length}</span>
        </button>
      ))}
    </div>
  );
}

export function ClustersFigure({ snapshot: s }: { snapshot: FourierSnapshot }) {
  const { data, layout } = useMemo(() => {
    const groups = groupsOf(s);
    const bars: Data = {
      type: 'bar', x: groups.map((g) => g.label), y: groups.map((g) => g.units.length),
      marker: { color: groups.map((g) => g.color), line: { color: '#94a3b8', width: groups.map((g) => (g.id === 'constant' ? 1 : 0)) } },
      text: groups.map((g) => String(g.units.length)), textposition: 'outside', cliponaxis: false,
      hovertemplate: '%{x}: %{y} neurons<extra></extra>',
    };
    const lay: Partial<Layout> = {
      title: { text: `${s.dMlp} MLP neurons by frequency (step ${s.step})`, font: { size: 15 } },
      margin: { l: 64, r: 16, t: 44, b: 48 },
      showlegend: false,
      bargap: 0.35,
      xaxis: { type: 'category', title: { text: `frequency explaining ≥ ${s.clusterThreshold * 100}% of a neuron` } },
      yaxis: { title: { text: 'neurons' }, rangemode: 'tozero', gridcolor: '#eef0f3' },
      uirevision: 'clusters',
    };
    return { data: [bars], layout: lay };
  }, [s]);

  return (
    <div className="fourier-figure" data-testid="fourier-clusters" data-step={s.step}>
      <Figure testId="fourier-clusters-chart" filename={`neuron-clusters-step-${s.step}`} data={data} layout={layout}
        caption="Violet: key frequencies of the embedding. Mixed: no frequency reaches the threshold." />
    </div>
  );
}
