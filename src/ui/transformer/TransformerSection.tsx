/** Notebook section 1: train the modular-addition transformer live until it groks. */
import { useMemo } from 'react';
import { useLab } from '../../store/lab.ts';
import { chipOf } from '../../store/storedRun.ts';
import { selectDraftSpec } from '../../store/specSelectors.ts';
import { sameSpec } from '../../store/transformerDraft.ts';
import { Section } from '../Section.tsx';
import type { ChipStatus } from '../StatusChip.tsx';
import { Readouts } from './Readouts.tsx';
import { WARMING_UP_MESSAGE, isStopping, isWarmingUp } from '../../store/runPhase.ts';
import { PretrainedButton } from './PretrainedButton.tsx';
import { PretrainedReplay } from './PretrainedReplay.tsx';
import { RunButtons } from './RunButtons.tsx';
import { SpecControls } from './SpecControls.tsx';
import { StoredRunNotice } from '../storage/StoredRunNotice.tsx';
import { TransformerCharts } from './TransformerCharts.tsx';
import { TransformerDownloads } from '../files/SectionDownloads.tsx';

/** "stale": a finished run whose settings no longer match the controls (what is shown is not what is asked for). */
function useChipStatus(): ChipStatus {
  const status = useLab((s) => s.transformer.status);
  const runSpec = useLab((s) => s.transformer.runSpec);
  const asked = useLab(selectDraftSpec);
  const resumable = useLab((s) => s.storage.offers.transformer !== undefined);
  return useMemo(() => {
    if (status !== 'done' || !runSpec) return chipOf(status, resumable);
    return asked && sameSpec(asked, runSpec) ? 'done' : 'stale';
  }, [status, runSpec, asked, resumable]);
}

export function TransformerSection() {
  const chip = useChipStatus();
  const message = useLab((s) => s.transformer.message);
  const status = useLab((s) => s.transformer.status);
  const warming = useLab((s) => isWarmingUp(s.transformer.status, s.transformer.progress?.step) && !isStopping(s.transformer));
  const detail = chip === 'stale' ? 'settings changed since this run — Start again to refresh' : warming ? WARMING_UP_MESSAGE : message;

  return (
    <Section
      id="transformer"
      index={1}
      title="Transformer"
      purpose="A one-layer transformer learns a + b mod p. It memorises the training pairs first; much later the test accuracy jumps — it groks."
      status={chip}
      statusDetail={detail}
    >
      <SpecControls locked={status === 'running' || status === 'paused'} />
      <RunButtons />
      <PretrainedButton />
      <StoredRunNotice kind="transformer" testPrefix="transformer" />
      <Readouts />
      <TransformerCharts />
      <PretrainedReplay />
      <TransformerDownloads />
    </Section>
  );
}
