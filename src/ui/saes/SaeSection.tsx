/** Notebook section 2: sparse autoencoders on the transformer's activations, one per seed, trained live. */
import { useMemo } from 'react';
import { WARMING_UP_MESSAGE, isStopping, isWarmingUp } from '../../store/runPhase.ts';
import { useLab } from '../../store/lab.ts';
import { saeStaleReason } from '../../store/saeSlice.ts';
import { chipOf } from '../../store/storedRun.ts';
import { formatInt } from '../format.ts';
import { Section } from '../Section.tsx';
import type { ChipStatus } from '../StatusChip.tsx';
import { SaeCharts } from './SaeCharts.tsx';
import { SaeControls } from './SaeControls.tsx';
import { OpenedCellNote } from '../sweep/OpenedCellNote.tsx';
import { SaeExport } from './SaeExport.tsx';
import { SaeReadouts } from './SaeReadouts.tsx';
import { SaeRunButtons } from './SaeRunButtons.tsx';
import { SaeDownloads } from '../files/SectionDownloads.tsx';
import { SaeImport } from '../files/SaeImport.tsx';
import { TransformerImport } from '../files/TransformerImport.tsx';
import { StoredRunNotice } from '../storage/StoredRunNotice.tsx';

/** Why the SAEs on screen no longer match the worker's transformer, or null. */
export function useSaeStaleReason(): string | null {
  const info = useLab((s) => s.saes.info);
  const runId = useLab((s) => s.transformer.runId);
  const exists = useLab((s) => s.transformer.runSpec !== null);
  const step = useLab((s) => s.transformer.progress?.step ?? null);
  return useMemo(() => saeStaleReason(info, { runId, step, exists }), [info, runId, step, exists]);
}

/** The transformer the next Start would read, in words. */
function SourceLine() {
  const t = useLab((s) => s.transformer);
  const info = useLab((s) => s.saes.info);
  const last = t.metrics.at(-1);
  const now = t.runSpec && t.progress
    ? `the transformer in the engine is at step ${formatInt(t.progress.step)}${last ? ` (test accuracy ${(last.testAcc * 100).toFixed(1)}%)` : ''}`
    : 'no transformer yet: train one in section 1 (it need not have grokked)';
  return (
    <p className="source-line" data-testid="sae-source">
      {info && <>These SAEs read <code>{info.hookName}</code> at step {formatInt(info.transformerStep)} · </>}
      {now}
    </p>
  );
}

export function SaeSection() {
  const status = useLab((s) => s.saes.status);
  const message = useLab((s) => s.saes.message);
  const hasRun = useLab((s) => s.saes.runSpec !== null);
  const stale = useSaeStaleReason();
  const resumable = useLab((s) => s.storage.offers.saes !== undefined);
  const chip: ChipStatus = stale && status !== 'error' ? 'stale' : chipOf(status, resumable);
  const warming = useLab((s) => isWarmingUp(s.saes.status, s.saes.progress?.step) && !isStopping(s.saes));
  const detail = stale ? `${stale} — Start again to refresh` : warming ? WARMING_UP_MESSAGE : message;

  return (
    <Section
      id="saes"
      index={2}
      title="Sparse autoencoders"
      purpose="One SAE per seed learns to rebuild the transformer's activations from a few active latents. Same data, same recipe — only the seed differs."
      status={chip}
      statusDetail={detail}
    >
      <SaeControls locked={status === 'running' || status === 'paused'} />
      <SourceLine />
      <OpenedCellNote section="saes" />
      <SaeRunButtons />
      <StoredRunNotice kind="saes" testPrefix="sae" />
      <TransformerImport />
      <SaeImport />
      {hasRun ? (
        <>
          <SaeReadouts />
          <SaeExport />
          <SaeCharts />
          <SaeDownloads />
        </>
      ) : (
        <p className="empty-note" data-testid="sae-empty">
          When the SAEs train, this shows per seed: MSE, fraction of variance unexplained (FVU), L0 and dead latents
          over training steps, and a histogram of latent firing rates; then each SAE for download in SAELens layout.
        </p>
      )}
    </Section>
  );
}
