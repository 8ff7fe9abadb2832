/**
 * The transformer in the engine as the CLI writes it (TransformerLens names): `model.safetensors` and `config.json`,
 * saved as `transformer__model.safetensors` and `transformer__config.json` (a download cannot make the folder).
 */
import { useState } from 'react';
import { useLab } from '../../store/lab.ts';
import { saveFile } from './saveFile.ts';
import './files.css';

export function ModelDownload() {
  const status = useLab((s) => s.transformer.status);
  const exportModel = useLab((s) => s.exportModel);
  const [message, setMessage] = useState<string | null>(null);
  const idle = status === 'paused' || status === 'done';

  const download = async () => {
    try {
      const { step, files } = await exportModel();
      files.forEach((f, i) => setTimeout(() => saveFile(f.bytes, `${f.folder}__${f.name}`), i * 400)); // browsers drop bursts
      setMessage(`step ${step}: save both as transformer/model.safetensors and transformer/config.json`);
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  return (
    <div className="file-downloads">
      <button type="button" className="link" data-testid="model-download" disabled={!idle} onClick={() => void download()}
        title="model.safetensors (TransformerLens names) and config.json, as npm run experiment writes them">
        Download the model (safetensors + config.json)
      </button>
      <span data-testid="model-download-message">{message ?? (idle ? '' : 'when the transformer is paused or done')}</span>
    </div>
  );
}
