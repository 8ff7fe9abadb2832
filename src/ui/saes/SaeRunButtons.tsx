/** Start / Pause / Resume / Stop / Reset of the SAE run, each enabled only when it means something. */
import { useMemo } from 'react';
import { useLab } from '../../store/lab.ts';
import { saeStartBlocker } from '../../store/saeActions.ts';
import { checkSaeDraft } from '../../store/saeDraft.ts';

export function SaeRunButtons() {
  const status = useLab((s) => s.saes.status);
  const draft = useLab((s) => s.saes.draft);
  const transformerStatus = useLab((s) => s.transformer.status);
  const transformerSpec = useLab((s) => s.transformer.runSpec);
  const backendReady = useLab((s) => s.backend.active !== null && s.backend.error === null);
  const { startSaes, pauseSaes, resumeSaes, stopSaes, resetSaes } = useLab.getState();
  const valid = useMemo(() => checkSaeDraft(draft, transformerSpec).spec !== null, [draft, transformerSpec]);

  const active = status === 'running' || status === 'paused';
  const startBlocked = saeStartBlocker({ status: transformerStatus, runSpec: transformerSpec })
    ?? (!valid ? 'fix the highlighted settings first' : !backendReady ? 'waiting for the engine to start' : null);

  return (
    <div className="run-buttons">
      <button type="button" className="primary" data-testid="sae-start" disabled={active || startBlocked !== null}
        title={startBlocked ?? 'train one SAE per seed on the transformer as it is now'} onClick={startSaes}>
        {status === 'done' || status === 'error' ? 'Start again' : 'Start'}
      </button>
      {status === 'paused'
        ? <button type="button" data-testid="sae-resume" onClick={resumeSaes}>Resume</button>
        : <button type="button" data-testid="sae-pause" disabled={status !== 'running'} onClick={pauseSaes}>Pause</button>}
      <button type="button" data-testid="sae-stop" disabled={!active} onClick={stopSaes}>Stop</button>
      <button type="button" data-testid="sae-reset" disabled={status === 'idle'} onClick={resetSaes} title="stop and clear the SAEs and their stability">Reset</button>
      {startBlocked && !active && <span className="run-hint" data-testid="sae-start-blocked">{startBlocked}</span>}
    </div>
  );
}
