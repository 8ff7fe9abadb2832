/** The section's answer in one sentence, then the numbers behind it as big readouts. */
import { fourierVerdict } from '../../store/fourierSlice.ts';
import type { FourierSnapshot } from '../../core/experiment/fourierViews.ts';
import { formatInt, formatLoss } from '../format.ts';
import { Readout } from '../Readout.tsx';

export function FourierVerdict({ snapshot }: { snapshot: FourierSnapshot | null }) {
  const verdict = fourierVerdict(snapshot);
  return (
    <div className={`fourier-verdict fourier-verdict-${verdict.tone}`} data-testid="fourier-verdict" data-tone={verdict.tone}>
      <p className="fourier-verdict-headline" data-testid="fourier-verdict-headline">{verdict.headline}</p>
      <p className="fourier-verdict-detail">{verdict.detail}</p>
    </div>
  );
}

export function FourierReadouts({ snapshot: s }: { snapshot: FourierSnapshot }) {
  const keys = s.keyFrequencies;
  const fourierNeurons = s.clusters.reduce((n, c) => n + c.units.length, 0);
  return (
    <div className="readouts">
      <Readout label="analysed at step" testId="fourier-step" data={s.step} value={formatInt(s.step)}
        title={`the last analysis took ${Math.round(s.elapsedMs)} ms in the worker`} />
      <Readout label="key frequencies" testId="fourier-key-frequencies" data={keys.join(',')} value={keys.length > 0 ? keys.join(', ') : 'none'}
        title="frequencies whose embedding norm is ≥ 4× the median and ≥ an even share" />
      <Readout label="W_E in key freqs" testId="fourier-key-fraction" data={s.keyFraction} value={`${(s.keyFraction * 100).toFixed(1)}%`}
        title="share of ‖W_E‖² (the p number tokens) in the key frequencies" />
      <Readout label="Fourier neurons" testId="fourier-neurons" data={fourierNeurons} value={`${formatInt(fourierNeurons)} / ${formatInt(s.dMlp)}`}
        title={`MLP neurons with one frequency explaining ≥ ${s.clusterThreshold * 100}% of their variation over the inputs`} />
      <Readout label="restricted loss" testId="fourier-restricted-loss" data={s.restrictedLoss} value={formatLoss(s.restrictedLoss)}
        title="test loss of the logits kept to the key frequencies" />
      <Readout label="excluded loss" testId="fourier-excluded-loss" data={s.excludedLoss} value={formatLoss(s.excludedLoss)}
        title="train loss of the logits with the key frequencies removed" />
    </div>
  );
}
