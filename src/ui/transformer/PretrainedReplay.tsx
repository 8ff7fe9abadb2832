/**
 * Replays the pretrained model's grokking run from the weight snapshots shipped with it, without training: a slider
 * (and Play) over the snapshots, and for the chosen step the run's loss and accuracy, the phase they put it in, and
 * the embedding's Fourier spectrum with the key frequencies found at that step. Shown while the pretrained run is
 * the section's run; the snapshots (~6 MB, precached for offline use) are fetched on the first click.
 */
import { useEffect, useState } from 'react';
import type { TransformerMetrics } from '../../core/train/transformerTrainer.ts';
import { useLab } from '../../store/lab.ts';
import { PRETRAINED_RUN_ID } from '../../store/pretrained.ts';
import { type ReplayFrame, fetchReplay } from '../../store/pretrainedReplay.ts';
import { formatAcc, formatLoss } from '../format.ts';
import { Readout } from '../Readout.tsx';
import { ReplayAccuracy, ReplaySpectrum } from './ReplayFigures.tsx';

const PLAY_INTERVAL_MS = 900;

/** Nanda et al.'s three phases, read from the accuracies alone: memorisation, circuit formation, cleanup. */
function phaseOf(m: TransformerMetrics | undefined): string {
  if (!m) return '';
  if (m.trainAcc < 0.99) return 'memorisation: the training pairs are being learnt';
  if (m.testAcc < 0.99) return 'circuit formation: the training pairs are memorised, the test pairs still fail while the key frequencies grow';
  return 'cleanup: the model generalises; weight decay removes what memorisation left behind';
}

export function PretrainedReplay() {
  const shown = useLab((s) => s.storage.shown.transformer === PRETRAINED_RUN_ID);
  const p = useLab((s) => s.transformer.runSpec?.p);
  if (!shown || p === undefined) return null;
  return <ReplayPanel p={p} />;
}

function ReplayPanel({ p }: { p: number }) {
  const metrics = useLab((s) => s.transformer.metrics);
  const [frames, setFrames] = useState<ReplayFrame[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [at, setAt] = useState(0);
  const [playing, setPlaying] = useState(false);

  // Play: one snapshot on every interval, stopping at the last.
  useEffect(() => {
    if (!playing || !frames) return;
    if (at >= frames.length - 1) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => setAt(at + 1), PLAY_INTERVAL_MS);
    return () => clearTimeout(timer);
  }, [playing, frames, at]);

  const load = () => {
    setLoading(true);
    setError(null);
    fetchReplay(p).then(setFrames).catch((e: unknown) => setError((e as Error).message)).finally(() => setLoading(false));
  };

  if (!frames) {
    return (
      <div className="replay" data-testid="replay">
        <button type="button" className="secondary" data-testid="replay-open" disabled={loading} onClick={load}
          title="scrub through the snapshots of the run that made this model: no training">
          {loading ? 'Loading the snapshots…' : 'Replay how it grokked'}
        </button>
        <span className="run-hint">memorisation → circuit formation → cleanup, from the run's saved weights</span>
        {error && <p className="form-error" role="alert" data-testid="replay-error">Could not load the replay: {error}</p>}
      </div>
    );
  }

  const frame = frames[at];
  const m = metrics.find((x) => x.step === frame.step) ?? metrics.filter((x) => x.step <= frame.step).at(-1);
  const play = () => {
    if (at >= frames.length - 1) setAt(0);
    setPlaying((x) => !x);
  };
  return (
    <div className="replay" data-testid="replay" data-step={frame.step} data-keys={frame.keyFrequencies.join(',')}>
      <h3 className="replay-title">Replay of the run that made this model</h3>
      <div className="replay-controls">
        <button type="button" className="secondary" data-testid="replay-play" onClick={play} aria-pressed={playing}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <input type="range" data-testid="replay-slider" min={0} max={frames.length - 1} step={1} value={at}
          aria-label="snapshot of the training run" aria-valuetext={`step ${frame.step}`}
          onChange={(e) => { setPlaying(false); setAt(Number(e.target.value)); }} />
        <span className="replay-step">step {frame.step} of {frames.at(-1)!.step}</span>
      </div>
      <p className="replay-phase" data-testid="replay-phase">{phaseOf(m)}</p>
      <div className="readouts">
        <Readout label="step" testId="replay-step" data={frame.step} value={String(frame.step)} />
        <Readout label="train loss" testId="replay-train-loss" data={m?.trainLoss} value={m ? formatLoss(m.trainLoss) : '—'} />
        <Readout label="test loss" testId="replay-test-loss" data={m?.testLoss} value={m ? formatLoss(m.testLoss) : '—'} />
        <Readout label="train acc" testId="replay-train-acc" data={m?.trainAcc} value={m ? formatAcc(m.trainAcc) : '—'} />
        <Readout label="test acc" testId="replay-test-acc" data={m?.testAcc} value={m ? formatAcc(m.testAcc) : '—'} />
        <Readout label="key frequencies" testId="replay-keys" data={frame.keyFrequencies.join(',')}
          value={frame.keyFrequencies.length > 0 ? frame.keyFrequencies.join(', ') : 'none yet'} />
      </div>
      <div className="charts">
        <ReplaySpectrum frame={frame} frames={frames} />
        <ReplayAccuracy metrics={metrics} step={frame.step} />
      </div>
    </div>
  );
}
