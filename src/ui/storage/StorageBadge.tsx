/**
 * The header's storage panel: how much this lab stores, whether the browser keeps it (persistence), how often
 * training checkpoints, and any storage message (storage full, another tab upgraded the store).
 */
import { useEffect, useState } from 'react';
import { useLab } from '../../store/lab.ts';
import { CHECKPOINT_SECONDS_RANGE } from '../../store/storageSlice.ts';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  for (; v >= 1024 && i < units.length - 1; i++) v /= 1024;
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

function CheckpointInterval() {
  const seconds = useLab((s) => s.storage.checkpointEverySec);
  const setCheckpointEvery = useLab((s) => s.setCheckpointEvery);
  const [text, setText] = useState(String(seconds));
  useEffect(() => setText(String(seconds)), [seconds]);
  const commit = () => {
    const v = Number(text);
    if (Number.isFinite(v) && text.trim() !== '') setCheckpointEvery(v);
    else setText(String(seconds));
  };
  return (
    <label className="checkpoint-every" title="Training runs save a checkpoint this often (and when paused, stopped or finished)">
      <span>checkpoint every</span>
      <input data-testid="checkpoint-every" type="number" min={CHECKPOINT_SECONDS_RANGE.min} max={CHECKPOINT_SECONDS_RANGE.max} value={text}
        onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
      <span>s</span>
    </label>
  );
}

export function StorageBadge() {
  const { status, usage, persisted } = useLab((s) => s.storage);
  const label = status === 'ready' && usage ? `${formatBytes(usage.used)} of ${formatBytes(usage.quota)}` : status === 'opening' ? 'opening…' : status === 'ready' ? 'ready' : 'not saving';
  const kind = status === 'ready' ? 'gpu' : status === 'opening' ? 'starting' : 'error';
  // Short in the pill (it shares one line with the use and the interval); the whole sentence in its tooltip.
  const keep = persisted === null ? '' : persisted ? 'kept' : 'best effort';
  const keepTitle = persisted ? 'kept: the browser granted persistent storage' : 'best effort: the browser may clear it when space runs low';
  return (
    <div className={`badge badge-${kind}`} data-testid="storage-badge" data-status={status}>
      <span className="badge-label">saved here</span>
      <strong data-testid="storage-use">{label}</strong>
      {keep && <span className="badge-reason" data-testid="storage-persisted" title={keepTitle}>{keep}</span>}
      <CheckpointInterval />
    </div>
  );
}

/** A storage message across the top of the notebook (dismissable, except "reload this tab"). */
export function StorageBanner() {
  const { status, message } = useLab((s) => s.storage);
  const dismiss = useLab((s) => s.dismissStorageMessage);
  if (!message) return null;
  const replaced = status === 'replaced';
  return (
    <div className={`storage-banner${replaced ? ' storage-banner-replaced' : ''}`} role="alert" data-testid="storage-message">
      <span>{message}</span>
      {replaced
        ? <button type="button" data-testid="reload-tab" onClick={() => window.location.reload()}>Reload this tab</button>
        : <button type="button" onClick={dismiss} aria-label="dismiss">×</button>}
    </div>
  );
}
