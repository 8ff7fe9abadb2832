/**
 * Notebook section: does the transformer compute a + b mod p with waves? The worker analyses the model of the
 * transformer run (section 1) over all p² inputs while it trains; this section shows the embedding's spectrum, the
 * MLP neurons by frequency, the attention at the answer position and the progress measures, with a verdict.
 */
import { useLab } from '../../store/lab.ts';
import { Section } from '../Section.tsx';
import type { ChipStatus } from '../StatusChip.tsx';
import { AttentionPanel } from './AttentionPanel.tsx';
import { EmbeddingSpectrum } from './EmbeddingSpectrum.tsx';
import { FourierReadouts, FourierVerdict } from './FourierVerdict.tsx';
import { NeuronPanel } from './NeuronPanel.tsx';
import { ProgressMeasures } from './ProgressMeasures.tsx';
import { downloadJson, fourierExport } from './exportJson.ts';
import { useFourier } from './useFourier.ts';
import { FourierDownloads } from '../files/SectionDownloads.tsx';

export const FOURIER_SECTION_INDEX = 4;

export function FourierSection() {
  const f = useFourier();
  const transformerStatus = useLab((s) => s.transformer.status);
  const runSpec = useLab((s) => s.transformer.runSpec);
  const s = f.snapshot;
  const status: ChipStatus = f.error ? 'error' : !s ? 'idle' : transformerStatus === 'idle' ? 'done' : transformerStatus;
  const detail = f.error ?? (s ? `analysed at step ${s.step} · ${Math.round(s.elapsedMs)} ms per analysis` : 'waits for the transformer');

  return (
    <Section
      id="fourier"
      index={FOURIER_SECTION_INDEX}
      title="Fourier features of the transformer"
      purpose="Does the transformer add with waves? A grokked model puts its embedding into a few frequencies k and computes cos and sin of k(a + b)."
      status={status}
      statusDetail={detail}
    >
      <FourierVerdict snapshot={s} />
      {s && f.detail && (
        <>
          <FourierReadouts snapshot={s} />
          <div className="charts">
            <EmbeddingSpectrum snapshot={s} />
            <ProgressMeasures history={f.history} />
          </div>
          <h3 className="fourier-subhead">MLP neurons</h3>
          <p className="fourier-lede">
            Each neuron's activation at '=' over all {s.p}×{s.p} inputs, expanded in 2-D waves. A neuron belongs to frequency k when
            k explains at least {Math.round(s.clusterThreshold * 100)}% of its variation.
          </p>
          <NeuronPanel snapshot={s} detail={f.detail} />
          <h3 className="fourier-subhead">Attention at the answer position</h3>
          <AttentionPanel snapshot={s} detail={f.detail} />
          <div className="fourier-export">
            <button type="button" className="link" data-testid="fourier-export-json"
              onClick={() => downloadJson(fourierExport(f, runSpec), `fourier-step-${s.step}.json`)}>
              Download the numbers (JSON)
            </button>
            <span>spectrum, neuron groups, attention, progress measures over training, the selected neuron — with the transformer's settings</span>
          </div>
          <FourierDownloads />
        </>
      )}
    </Section>
  );
}
