/** One stored run in the history table: its facts, and Open / Rename / Delete (confirmed) / Compare. */
import { useState } from 'react';
import { useLab } from '../../store/lab.ts';
import { RUN_KIND_HOSTS } from '../../store/runKinds/index.ts';
import type { RunRecord } from '../../storage/schema.ts';
import { formatInt } from '../format.ts';
import { finalMetrics, stepsOf } from './runSummary.ts';

function NameCell({ run }: { run: RunRecord }) {
  const rename = useLab((s) => s.renameStoredRun);
  const [editing, setEditing] = useState<string | null>(null);
  if (editing === null) {
    return (
      <span className="history-actions">
        <span data-testid="history-name">{run.name}</span>
        <button type="button" className="link" data-testid="history-rename" onClick={() => setEditing(run.name)}>rename</button>
      </span>
    );
  }
  const save = () => {
    void rename(run.id, editing);
    setEditing(null);
  };
  return (
    <span className="history-actions">
      <input type="text" data-testid="history-name-input" value={editing} maxLength={120} aria-label="run name" autoFocus
        onChange={(e) => setEditing(e.target.value)} onKeyDown={(e) => (e.key === 'Enter' ? save() : e.key === 'Escape' && setEditing(null))} />
      <button type="button" className="link" data-testid="history-rename-save" onClick={save}>save</button>
      <button type="button" className="link" onClick={() => setEditing(null)}>cancel</button>
    </span>
  );
}

function DeleteButton({ run, disabled }: { run: RunRecord; disabled: boolean }) {
  const remove = useLab((s) => s.deleteStoredRun);
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return <button type="button" className="link" data-testid="history-delete" disabled={disabled} title={disabled ? 'training now' : 'delete this run and its checkpoint'} onClick={() => setAsking(true)}>delete</button>;
  }
  return (
    <span className="history-actions" data-testid="history-delete-ask">
      delete “{run.name}” for good?
      <button type="button" className="link" data-testid="history-delete-confirm" onClick={() => void remove(run.id)}>yes, delete</button>
      <button type="button" className="link" data-testid="history-delete-cancel" onClick={() => setAsking(false)}>keep</button>
    </span>
  );
}

export function RunRow({ run }: { run: RunRecord }) {
  const open = useLab((s) => s.openStoredRun);
  const toggleCompare = useLab((s) => s.toggleCompare);
  const comparing = useLab((s) => s.storage.compare.includes(run.id));
  const shown = useLab((s) => s.storage.shown[run.kind] === run.id);
  const liveHere = useLab((s) => s.storage.live[run.kind]?.recordId === run.id);
  const training = liveHere || run.status === 'running' || run.status === 'paused';
  const { done, total } = stepsOf(run);
  return (
    <tr className={shown ? 'history-shown' : undefined} data-testid="history-row" data-run-id={run.id} data-kind={run.kind} data-status={run.status}>
      <td><input type="checkbox" data-testid="history-compare" checked={comparing} onChange={() => toggleCompare(run.id)} aria-label="compare" /></td>
      <td><NameCell run={run} /></td>
      <td>{RUN_KIND_HOSTS[run.kind].column}</td>
      <td><span className={`history-status history-status-${run.status}`} data-testid="history-status">{run.status}</span></td>
      <td data-testid="history-steps">{formatInt(done)} / {formatInt(total)}</td>
      <td>{run.backend}</td>
      <td title={new Date(run.createdAt).toISOString()}>{new Date(run.createdAt).toLocaleString()}</td>
      <td data-testid="history-final">{finalMetrics(run)}</td>
      <td className="history-actions">
        <button type="button" className="link" data-testid="history-open" disabled={liveHere || shown} onClick={() => void open(run.id)}
          title="load its settings into the controls and its results into its section">{shown ? 'shown' : 'open'}</button>
        <DeleteButton run={run} disabled={training} />
      </td>
    </tr>
  );
}
