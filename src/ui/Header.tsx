/** The notebook's title bar: what the lab is, and which tfjs backend the engine worker runs (and why). */
import { useLab } from '../store/lab.ts';
import { BACKEND_CHOICES } from '../store/backendSlice.ts';
import type { BackendChoice } from '../worker/protocol.ts';
import { NotebookActions } from './share/NotebookActions.tsx';
import { useHidden } from './share/useHidden.ts';
import { NotebookFile } from './files/NotebookFile.tsx';
import { ReportButton } from './report/ReportButton.tsx';
import { StorageBadge } from './storage/StorageBadge.tsx';
import { WorkshopToggles } from './workshop/WorkshopToggles.tsx';

function BackendBadge() {
  const { active, reason, error, failures } = useLab((s) => s.backend);
  const label = error ? 'engine error' : active ?? 'starting…';
  const kind = error ? 'error' : active === null ? 'starting' : active === 'webgpu' ? 'gpu' : 'fallback';
  const detail = error ?? reason;
  const tooltip = failures.map((f) => `${f.backend}: ${f.reason}`).join('\n') || undefined;
  return (
    <div className={`badge badge-${kind}`} data-testid="backend-badge" data-backend={active ?? ''} title={tooltip}>
      <span className="badge-label">backend</span>
      <strong data-testid="backend-name">{label}</strong>
      {detail && <span className="badge-reason" data-testid="backend-reason">{detail}</span>}
    </div>
  );
}

function BackendSelect() {
  const choice = useLab((s) => s.backend.choice);
  const chooseBackend = useLab((s) => s.chooseBackend);
  if (useHidden().has('backend')) return null; // a classroom link fixed the backend
  return (
    <label className="backend-select" title="Restart the engine on another tfjs backend (drops the current run)">
      <span>run on</span>
      <select data-testid="backend-select" value={choice} onChange={(e) => chooseBackend(e.target.value as BackendChoice)}>
        {BACKEND_CHOICES.map((c) => <option key={c} value={c}>{c === 'auto' ? 'auto (best available)' : c}</option>)}
      </select>
    </label>
  );
}

export function Header() {
  return (
    <header className="app-header">
      <div className="app-titles">
        <div className="app-title-row">
          <h1>SAE Stability Lab</h1>
          <WorkshopToggles />
        </div>
        <p>Grok a modular-addition transformer, train sparse autoencoders on it with several seeds, and ask whether they find the same features.</p>
      </div>
      <div className="app-engine">
        <BackendBadge />
        <BackendSelect />
        <NotebookActions />
        <ReportButton />
        <StorageBadge />
      </div>
      <NotebookFile />
    </header>
  );
}
