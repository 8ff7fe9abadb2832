/**
 * Under the header: what the link the page was opened from holds and that it is being rerun (with Stop), or why
 * it could not be opened (the notebook then keeps its defaults).
 */
import type { ExperimentSpec } from '../../core/spec/experiment.ts';
import { saeArchitectureOf } from '../../core/spec/sae.ts';
import { useLab } from '../../store/lab.ts';
import type { PipelineStage } from '../../store/pipeline.ts';
import { formatInt } from '../format.ts';
import './share.css';

function describe(spec: ExperimentSpec): string {
  const t = spec.transformer;
  const model = `p = ${t.p}, d_model ${t.dModel}, ${formatInt(t.steps)} steps, seed ${t.seed}`;
  if (!spec.saes) return `${model}; no SAEs`;
  const n = spec.saes.seeds.length;
  return `${model}; ${n} ${saeArchitectureOf(spec.saes.architecture).label} SAE${n === 1 ? '' : 's'} (seeds ${spec.saes.seeds.join(', ')})`;
}

const STAGE_TEXT: Record<Exclude<PipelineStage, 'idle'>, string> = {
  waiting: 'waiting for the engine to start…',
  transformer: 'rerunning it with the same seeds: training the transformer…',
  saes: 'rerunning it with the same seeds: training the SAEs…',
};

export function LinkBanner() {
  const notice = useLab((s) => s.share.notice);
  const stage = useLab((s) => s.pipeline.stage);
  const outcome = useLab((s) => s.pipeline.outcome);
  const { stopAll, dismissLinkNotice } = useLab.getState();
  if (!notice) return null;

  if (notice.kind === 'error') {
    return (
      <div className="link-banner link-banner-error" role="alert" data-testid="link-banner">
        <p data-testid="link-error">
          <strong>This link could not be opened:</strong> {notice.message}. The notebook shows its usual settings; nothing
          was changed.
        </p>
        <button type="button" className="link" onClick={dismissLinkNotice} data-testid="link-dismiss">Dismiss</button>
      </div>
    );
  }
  return (
    <div className="link-banner" role="status" data-testid="link-banner" data-stage={stage}>
      <p>
        <strong>Opened a shared experiment “{notice.spec.name}”</strong> ({describe(notice.spec)}) —{' '}
        <span data-testid="link-progress">{stage === 'idle' ? outcome ?? (notice.ran ? 'done' : 'opened without running: Run all trains it') : STAGE_TEXT[stage]}</span>
      </p>
      {stage !== 'idle'
        ? <button type="button" onClick={stopAll} data-testid="link-stop">Stop</button>
        : <button type="button" className="link" onClick={dismissLinkNotice} data-testid="link-dismiss">Dismiss</button>}
    </div>
  );
}
