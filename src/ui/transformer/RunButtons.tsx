/** The transformer's run buttons: Start needs valid settings and a running engine. */
import { useMemo } from 'react';
import { useLab } from '../../store/lab.ts';
import { checkDraft } from '../../store/transformerDraft.ts';
import { RunControls } from '../RunControls.tsx';

export function RunButtons() {
  const status = useLab((s) => s.transformer.status);
  const draft = useLab((s) => s.transformer.draft);
  const backendReady = useLab((s) => s.backend.active !== null && s.backend.error === null);
  const { start, pause, resume, stop, reset } = useLab.getState();
  const valid = useMemo(() => checkDraft(draft).spec !== null, [draft]);
  const startBlocked = !valid ? 'fix the highlighted settings first' : !backendReady ? 'waiting for the engine to start' : null;
  return (
    <RunControls status={status} startBlocked={startBlocked} testIdPrefix=""
      startTitle="train a new model from scratch with these settings" resetTitle="stop and clear the results"
      onStart={start} onPause={pause} onResume={resume} onStop={stop} onReset={reset} />
  );
}
