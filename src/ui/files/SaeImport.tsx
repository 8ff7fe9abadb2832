/**
 * SAEs trained elsewhere, analysed here: choose the files of one or several SAEs (SAELens: cfg.json +
 * sae_weights.safetensors per folder, as the CLI and this page write them; sparsify: cfg.json + sae.safetensors),
 * or a folder holding them. Everything is checked on this page first (core/io/saeImport.ts); only SAEs that fit
 * the transformer in the engine are sent to the worker, where they become the finished SAE run.
 */
import { type ChangeEvent, useState } from 'react';
import { SAE_IMPORT_LIMITS, readImportedSaes } from '../../core/io/saeImport.ts';
import { saePresets } from '../../core/spec/sae.ts';
import { useLab } from '../../store/lab.ts';
import { saeStartBlocker } from '../../store/saeActions.ts';
import { selectSaeCheck } from '../../store/specSelectors.ts';
import { FileButton } from './FileButton.tsx';
import { readFiles } from './saveFile.ts';
import './files.css';

export function SaeImport() {
  const blocker = useLab((s) => saeStartBlocker(s.transformer));
  const busy = useLab((s) => s.saes.status === 'running' || s.saes.status === 'paused');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.target;
    try {
      const files = await readFiles(input.files ?? [], SAE_IMPORT_LIMITS.totalBytes);
      const state = useLab.getState();
      const { transformer, importSaes } = state;
      if (!transformer.runSpec) throw new Error('train the transformer first');
      const fallback = selectSaeCheck(state, transformer.runSpec).spec ?? saePresets.phase1;
      const imported = readImportedSaes(files, transformer.runSpec, fallback);
      importSaes(imported);
      const what = `${imported.weights.length} SAE${imported.weights.length > 1 ? 's' : ''} (${[...new Set(imported.layouts)].join(', ')}; seeds ${imported.spec.seeds.join(', ')})`;
      setMessage({ error: false, text: [`imported ${what}`, ...imported.notes].join(' · ') });
    } catch (err) {
      setMessage({ error: true, text: `not imported: ${(err as Error).message}` });
    } finally {
      input.value = '';
    }
  };

  const disabled = blocker !== null || busy;
  return (
    <div className="file-import" data-testid="sae-import" role="group" aria-label="Analyse SAEs trained elsewhere">
      <span>Analyse SAEs trained elsewhere:</span>
      <FileButton label="Choose files…" testId="sae-import-files" multiple accept=".json,.safetensors" disabled={disabled} onChange={(e) => void choose(e)}
        title="cfg.json with sae_weights.safetensors (SAELens) or sae.safetensors (sparsify), for one or several SAEs" />
      <FileButton label="Choose a folder…" testId="sae-import-folder" folder disabled={disabled} onChange={(e) => void choose(e)}
        title="a folder holding one sub-folder per SAE" />
      {disabled && <span className="run-hint">{blocker ?? 'stop or reset the SAE run first'}</span>}
      {message && <span className={`file-import-message${message.error ? ' error' : ''}`} data-testid="sae-import-message" role="status">{message.text}</span>}
    </div>
  );
}
