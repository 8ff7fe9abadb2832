/**
 * Start / Pause / Resume / Stop / Reset of one section's run, each enabled only when it means something. The
 * sections decide what may block a start; this draws the buttons the same way for all of them.
 */
import type { RunStatus } from '../worker/protocol.ts';

export interface RunControlsProps {
  status: RunStatus;
  /** Stop was pressed and the run has not ended yet. */
  stopping?: boolean;
  /** Why Start is disabled (shown beside the buttons), or null. */
  startBlocked: string | null;
  startTitle: string;
  resetTitle: string;
  /** Prefix of the buttons' test ids: '' gives `start`, `pause`…; 'sae-' gives `sae-start`… */
  testIdPrefix: string;
  onStart: () => void;
  onPause: () => void;
  onResume: () => void;
  onStop: () => void;
  onReset: () => void;
}

export function RunControls(p: RunControlsProps) {
  const id = (name: string) => `${p.testIdPrefix}${name}`;
  const active = p.status === 'running' || p.status === 'paused';
  return (
    <div className="run-buttons">
      <button type="button" className="primary" data-testid={id('start')} disabled={active || p.startBlocked !== null}
        title={p.startBlocked ?? p.startTitle} onClick={p.onStart}>
        {p.status === 'done' || p.status === 'error' ? 'Start again' : 'Start'}
      </button>
      {p.status === 'paused'
        ? <button type="button" data-testid={id('resume')} disabled={p.stopping} onClick={p.onResume}>Resume</button>
        : <button type="button" data-testid={id('pause')} disabled={p.status !== 'running' || p.stopping} onClick={p.onPause}>Pause</button>}
      <button type="button" data-testid={id('stop')} disabled={!active || p.stopping} onClick={p.onStop}>{p.stopping ? 'Stopping…' : 'Stop'}</button>
      <button type="button" data-testid={id('reset')} disabled={p.status === 'idle'} onClick={p.onReset} title={p.resetTitle}>Reset</button>
      {p.startBlocked && !active && <span className="run-hint" data-testid={id('start-blocked')}>{p.startBlocked}</span>}
    </div>
  );
}
