/** Big-number readouts of the run: progress, speed, latest metrics and the grokking step. */
import { useLab } from '../../store/lab.ts';
import { formatAcc, formatDuration, formatInt, formatLoss, formatRate } from '../format.ts';
import { Readout } from '../Readout.tsx';
import { isWarmingUp } from '../../store/runPhase.ts';

export function Readouts() {
  const progress = useLab((s) => s.transformer.progress);
  const last = useLab((s) => s.transformer.metrics.at(-1) ?? null);
  const stepsToGrok = useLab((s) => s.transformer.stepsToGrok);
  const status = useLab((s) => s.transformer.status);
  const step = progress?.step ?? last?.step ?? 0;
  const total = progress?.total ?? 0;
  const showEta = status === 'running' && progress !== null;

  return (
    <div className="readouts">
      <Readout label="step" testId="transformer-step" data={progress ? step : null}
        value={isWarmingUp(status, progress?.step) ? 'warming up…' : progress ? `${formatInt(step)} / ${formatInt(total)}` : '—'} />
      <Readout label="steps / s" testId="transformer-rate" data={progress?.stepsPerSec} value={formatRate(progress?.stepsPerSec ?? 0)} />
      <Readout label="ETA" testId="transformer-eta" data={showEta ? progress.etaSeconds : null}
        value={showEta ? formatDuration(progress.etaSeconds) : '—'} />
      <Readout label="train loss" testId="transformer-train-loss" data={last?.trainLoss} value={last ? formatLoss(last.trainLoss) : '—'} />
      <Readout label="test loss" testId="transformer-test-loss" data={last?.testLoss} value={last ? formatLoss(last.testLoss) : '—'} />
      <Readout label="train acc" testId="transformer-train-acc" data={last?.trainAcc} value={last ? formatAcc(last.trainAcc) : '—'} />
      <Readout label="test acc" testId="transformer-test-acc" data={last?.testAcc} value={last ? formatAcc(last.testAcc) : '—'} />
      <div className={`grok${stepsToGrok !== null ? ' grok-yes' : ''}`} data-testid="transformer-grok" data-value={stepsToGrok ?? ''}>
        {stepsToGrok !== null ? `grokked at step ${formatInt(stepsToGrok)}` : 'not grokked yet (test acc < 99%)'}
      </div>
    </div>
  );
}
