/** The MLP neurons: the groups by frequency, and one neuron (picked by number or by group) in full. */
import type { FourierDetail, FourierSnapshot } from '../../core/experiment/fourierViews.ts';
import { ClusterChips, ClustersFigure } from './NeuronClusters.tsx';
import { ActivationFigure, FractionsFigure, NeuronPicker, SpectrumFigure, describeNeuron } from './NeuronDetail.tsx';

export function NeuronPanel({ snapshot: s, detail: d }: { snapshot: FourierSnapshot; detail: FourierDetail }) {
  return (
    <div className="fourier-neuron">
      <div className="fourier-neuron-head">
        <NeuronPicker dMlp={s.dMlp} />
        <ClusterChips snapshot={s} />
      </div>
      <p className="fourier-neuron-text" data-testid="fourier-neuron-text">{describeNeuron(d, s.clusterThreshold)}</p>
      <div className="charts">
        <ClustersFigure snapshot={s} />
        <FractionsFigure snapshot={s} detail={d} />
        <ActivationFigure detail={d} />
        <SpectrumFigure detail={d} />
      </div>
    </div>
  );
}
