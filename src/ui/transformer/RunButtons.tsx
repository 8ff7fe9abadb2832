/** Start / Pause / Resume / Stop / Reset, each enabled only when it means something. */
import { useMemo } from 'react';
import { useLab } from '../../store/lab.ts';
import { checkDraft } from '../../store/transformerDraft.ts';

export function RunButtons() {
  const status = useLab((s) => s.transformer.status);
  const draft = useLab((s) => s.transformer.draft);
  const backendReady = useLab((s) => s.backend.active !== null && s.backend.error === null);
  const { start, pause, resume, stop, reset } = useLab.getState();
  const valid = useMemo(() => checkDraft(draft).spec !== null, [draft]);

  const active = status === 'running' || status === 'paused';
  const startBlocked = !valid ? 'fix the highlighted settings first' : !backendReady ? 'waiting for the engine to start' : null;

  return (
    <div className="run-buttons">
      <button type="button" className="primary" data-testid="start" disabled={active || startBlocked !== null}
        title={startBlocked ?? 'train a new model from scratch with these settings'} onClick={start}>
        {status === 'done' || status === 'error' ? 'Start again' : 'Start'}
      </button>
      {status === 'paused'
        ? <button type="button" data-testid="resume" onClick={resume}>Resume</button>
        : <button type="button" data-testid="pause" disabled={status !== 'running'} onClick={pause}>Pause</button>}
      <button type="button" data-testid="stop" disabled={!active} onClick={stop}>Stop</button>
      <button type="button" data-testid="reset" disabled={status === 'idle'} onClick={reset} title="stop and clear the results">Reset</button>
      {startBlocked && !active && <span className="run-hint" data-testid="start-blocked">{startBlocked}</span>}
    </div>
  );
}
