/**
 * "Open transformer…": a transformer trained elsewhere becomes the notebook's current transformer. Choose its
 * config.json and safetensors file (what the lab writes, or a TransformerLens model the lab computes exactly), or
 * the folder holding them. Everything is checked on this page first (core/io/transformerImport.ts); the model is
 * then stored as a finished run and opened (store/transformerImport.ts). A refused file changes nothing.
 */
import { type ChangeEvent, useState } from 'react';
import { TRANSFORMER_IMPORT_LIMITS, readTransformerImport } from '../../core/io/transformerImport.ts';
import { presetSpec } from '../../core/spec/experiment.ts';
import { useLab } from '../../store/lab.ts';
import { selectDraftSpec } from '../../store/specSelectors.ts';
import { DEFAULT_PRESET } from '../../store/transformerSlice.ts';
import { FileButton } from './FileButton.tsx';
import { readFiles } from './saveFile.ts';
import './files.css';

const busy = (status: string) => status === 'running' || status === 'paused';

export function TransformerImport() {
  const blocked = useLab((s) => busy(s.transformer.status) || busy(s.saes.status));
  const storable = useLab((s) => s.storage.status === 'ready');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [working, setWorking] = useState(false);

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.target;
    setWorking(true);
    try {
      const files = await readFiles(input.files ?? [], TRANSFORMER_IMPORT_LIMITS.totalBytes);
      const state = useLab.getState();
      const { importTransformer } = state;
      // The controls' training recipe stands in for the one a TransformerLens config does not carry.
      const recipe = selectDraftSpec(state) ?? presetSpec(DEFAULT_PRESET).transformer;
      const imported = readTransformerImport(files, recipe);
      await importTransformer(imported);
      const { p, nLayers, dModel } = imported.spec;
      const split = imported.splitKnown ? 'the lab\'s training block came with it' : 'no training block: the train/test split is unknown';
      const text = `opened ${imported.files.join(' + ')} as the current transformer (p = ${p}, ${nLayers} layer${nLayers > 1 ? 's' : ''}, d_model ${dModel}; ${split})`;
      setMessage({ error: false, text: [text, ...imported.notes].join(' · ') });
    } catch (err) {
      setMessage({ error: true, text: `not opened: ${(err as Error).message}` });
    } finally {
      input.value = '';
      setWorking(false);
    }
  };

  const disabled = blocked || !storable || working;
  const hint = blocked ? 'stop the runs in progress first' : !storable ? 'needs the browser storage (runs are not saved here)' : null;
  return (
    <div className="file-import" data-testid="transformer-import">
      <span>A transformer trained elsewhere:</span>
      <FileButton label="Open transformer…" testId="transformer-import-files" multiple accept=".json,.safetensors" disabled={disabled}
        title="config.json with the weights (.safetensors): the lab's own files or a TransformerLens model" onChange={(e) => void choose(e)} />
      <FileButton label="Open a folder…" testId="transformer-import-folder" folder disabled={disabled}
        title="a folder holding config.json and one .safetensors file" onChange={(e) => void choose(e)} />
      {hint && <span className="run-hint">{hint}</span>}
      {message && <span className={`file-import-message${message.error ? ' error' : ''}`} data-testid="transformer-import-message" role="status">{message.text}</span>}
    </div>
  );
}
