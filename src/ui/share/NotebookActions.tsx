/** Header actions on the whole notebook: Run all (transformer, then its SAEs) and Share. */
import { useState } from 'react';
import { useLab } from '../../store/lab.ts';
import { selectDraftSpec } from '../../store/specSelectors.ts';
import { ShareDialog } from './ShareDialog.tsx';
import { LongRunConfirm, useLongRunGuard } from '../LongRunConfirm.tsx';
import './share.css';

function RunAll() {
  const stage = useLab((s) => s.pipeline.stage);
  const busy = useLab((s) => [s.transformer.status, s.saes.status].some((st) => st === 'running' || st === 'paused'));
  const ready = useLab((s) => s.backend.active !== null && s.backend.error === null);
  const { runAll, stopAll } = useLab.getState();
  const valid = useLab(selectDraftSpec) !== null;
  const guard = useLongRunGuard(() => runAll());
  if (stage !== 'idle') {
    return <button type="button" data-testid="stop-all" onClick={stopAll} title="stop the pipeline and the section it is running">Stop all</button>;
  }
  const blocked = !valid ? 'fix the highlighted settings first' : !ready ? 'waiting for the engine to start' : busy ? 'a section is running' : null;
  return (
    <>
      <button type="button" data-testid="run-all" disabled={blocked !== null} onClick={guard.request}
        title={blocked ?? 'train the transformer, then the SAEs on it, with these settings'}>
        Run all
      </button>
      {guard.question && <LongRunConfirm question={guard.question} onConfirm={guard.confirm} onCancel={guard.cancel} testIdPrefix="run-all-" />}
    </>
  );
}

export function NotebookActions() {
  const [open, setOpen] = useState(false);
  return (
    <div className="notebook-actions">
      <RunAll />
      <button type="button" data-testid="share-open" aria-expanded={open} onClick={() => setOpen((o) => !o)}>Share…</button>
      {open && <ShareDialog onClose={() => setOpen(false)} />}
    </div>
  );
}
