/** The transformer's run buttons: Start needs valid settings and a running engine. */
import { useLab } from '../../store/lab.ts';
import { selectDraftSpec } from '../../store/specSelectors.ts';
import { RunControls } from '../RunControls.tsx';
import { LongRunConfirm, useLongRunGuard } from '../LongRunConfirm.tsx';
import { isStopping } from '../../store/runPhase.ts';

export function RunButtons() {
  const status = useLab((s) => s.transformer.status);
  const stopping = useLab((s) => isStopping(s.transformer));
  const backendReady = useLab((s) => s.backend.active !== null && s.backend.error === null);
  const { start, pause, resume, stop, reset } = useLab.getState();
  const guard = useLongRunGuard(start);
  const valid = useLab(selectDraftSpec) !== null;
  const startBlocked = !valid ? 'fix the highlighted settings first' : !backendReady ? 'waiting for the engine to start' : null;
  return (
    <>
      <RunControls status={status} stopping={stopping} startBlocked={startBlocked} testIdPrefix=""
        startTitle="train a new model from scratch with these settings" resetTitle="stop and clear the results"
        onStart={guard.request} onPause={pause} onResume={resume} onStop={stop} onReset={reset} />
      {guard.question && <LongRunConfirm question={guard.question} onConfirm={guard.confirm} onCancel={guard.cancel} testIdPrefix="" />}
    </>
  );
}
