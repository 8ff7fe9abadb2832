/** The stability numbers as JSON (the CLI's report.json `stability` object plus settings and histograms). */
import { useMemo, useState } from 'react';
import { useLab } from '../../store/lab.ts';
import { stabilityExport } from '../../store/stabilitySlice.ts';

export function StabilityExport() {
  const stability = useLab((s) => s.stability);
  const spec = useLab((s) => s.saes.runSpec);
  const info = useLab((s) => s.saes.info);
  const [copied, setCopied] = useState<string | null>(null);
  const json = useMemo(() => {
    const doc = stabilityExport(stability, spec, info);
    return doc ? JSON.stringify(doc, null, 2) : null;
  }, [stability, spec, info]);

  const copy = () => {
    if (!json) return;
    navigator.clipboard.writeText(json).then(() => setCopied('copied'), () => setCopied('copy failed: use Download'));
  };
  const download = () => {
    if (!json) return;
    const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'stability-report.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <div className="stability-export">
      <button type="button" className="secondary" data-testid="stability-copy-json" disabled={!json} onClick={copy}>Copy JSON</button>
      <button type="button" className="secondary" data-testid="stability-download-json" disabled={!json} onClick={download}>Download JSON</button>
      <span className="run-hint">{copied ?? (json ? 'matrices, means, baselines, untrained scores, stable latents' : 'available when the SAE run has ended')}</span>
    </div>
  );
}
