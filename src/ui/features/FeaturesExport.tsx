/** The SAE features numbers as JSON: shares with their untrained baseline, stable × Fourier, gallery, families. */
import { useMemo, useState } from 'react';
import { featuresExport } from '../../store/featuresSlice.ts';
import { useLab } from '../../store/lab.ts';
import { downloadJson } from '../fourier/exportJson.ts';

export function FeaturesExport() {
  const features = useLab((s) => s.features);
  const spec = useLab((s) => s.saes.runSpec);
  const info = useLab((s) => s.saes.info);
  const [copied, setCopied] = useState<string | null>(null);
  const doc = useMemo(() => featuresExport(features, spec, info), [features, spec, info]);
  const copy = () => {
    if (doc) navigator.clipboard.writeText(JSON.stringify(doc, null, 1)).then(() => setCopied('copied'), () => setCopied('copy failed: use Download'));
  };
  return (
    <div className="stability-export">
      <button type="button" className="secondary" data-testid="features-copy-json" disabled={!doc} onClick={copy}>Copy JSON</button>
      <button type="button" className="secondary" data-testid="features-download-json" disabled={!doc}
        onClick={() => doc && downloadJson(doc, 'sae-features.json')}>Download JSON</button>
      <span className="run-hint">{copied ?? 'Fourier shares beside the untrained SAEs, stable × Fourier, gallery, families, the selected latent — with their definitions'}</span>
    </div>
  );
}
