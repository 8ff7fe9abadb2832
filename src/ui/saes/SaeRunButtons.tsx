/** The SAEs' run buttons: Start also needs a trained (or paused) transformer to read activations from. */
import { useLab } from '../../store/lab.ts';
import { saeStartBlocker } from '../../store/saeActions.ts';
import { selectSaeStartSpec } from '../../store/specSelectors.ts';
import { RunControls } from '../RunControls.tsx';
import { isStopping } from '../../store/runPhase.ts';

export function SaeRunButtons() {
  const status = useLab((s) => s.saes.status);
  const stopping = useLab((s) => isStopping(s.saes));
  const transformerStatus = useLab((s) => s.transformer.status);
  const transformerSpec = useLab((s) => s.transformer.runSpec);
  const backendReady = useLab((s) => s.backend.active !== null && s.backend.error === null);
  const { startSaes, pauseSaes, resumeSaes, stopSaes, resetSaes } = useLab.getState();
  const valid = useLab((s) => selectSaeStartSpec(s) !== null); // what startSaes trains
  const startBlocked = saeStartBlocker({ status: transformerStatus, runSpec: transformerSpec })
    ?? (!valid ? 'fix the highlighted settings first' : !backendReady ? 'waiting for the engine to start' : null);
  return (
    <RunControls status={status} stopping={stopping} startBlocked={startBlocked} testIdPrefix="sae-"
      startTitle="train one SAE per seed on the transformer as it is now" resetTitle="stop and clear the SAEs and their stability"
      onStart={startSaes} onPause={pauseSaes} onResume={resumeSaes} onStop={stopSaes} onReset={resetSaes} />
  );
}
