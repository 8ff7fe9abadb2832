/**
 * "Start from the pretrained model": fetches the p = 113 transformer shipped with the app (a few MB, on demand) and
 * makes it the notebook's finished transformer run, so the SAE, stability, Fourier and features sections can be used
 * at once instead of after the ~15 minutes it takes to train on a laptop CPU.
 */
import { useState } from 'react';
import { useLab } from '../../store/lab.ts';

export function PretrainedButton() {
  const status = useLab((s) => s.transformer.status);
  const storage = useLab((s) => s.storage.status);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = status === 'running' || status === 'paused';
  const blocked = busy ? 'stop the run in progress first'
    : storage === 'opening' ? 'waiting for browser storage'
    : storage !== 'ready' ? 'needs browser storage (IndexedDB), which this window does not offer' : null;

  const open = () => {
    setLoading(true);
    setError(null);
    useLab.getState().openPretrained()
      .catch((e: unknown) => setError((e as Error).message))
      .finally(() => setLoading(false));
  };

  return (
    <div className="pretrained" data-testid="pretrained">
      <button type="button" className="secondary" data-testid="open-pretrained" disabled={loading || blocked !== null} onClick={open}
        title={blocked ?? 'load a p = 113 transformer trained to full grokking by the lab\'s CLI (no training needed)'}>
        {loading ? 'Loading the pretrained model…' : 'Start from the pretrained model'}
      </button>
      <span className="run-hint">{blocked && !busy ? blocked : 'p = 113, grokked; go straight to the SAEs'}</span>
      {error && <p className="form-error" role="alert" data-testid="pretrained-error">Could not open the pretrained model: {error}</p>}
    </div>
  );
}
