/**
 * The whole notebook as one `.saelab` file (docs/files.md), in the header: Save writes the spec on the controls,
 * the stored runs with their checkpoints, and the notes; Open checks a file completely before writing anything
 * (a bad file leaves storage untouched and says why), then loads its spec into the controls.
 */
import { type ChangeEvent, useState } from 'react';
import { DEFAULT_LIMITS } from '../../core/io/container.ts';
import { useLab } from '../../store/lab.ts';
import { useNotebook } from '../../store/notebook.ts';
import { selectNotebookSpec } from '../../store/specSelectors.ts';
import { NOTEBOOK_FILE_EXTENSION, type ImportSummary } from '../../storage/notebookFile.ts';
import { FileButton } from './FileButton.tsx';
import { readFiles, saveFile } from './saveFile.ts';
import './files.css';

function describe(s: ImportSummary): string {
  const parts = [`${s.runs} runs`, `${s.checkpoints} checkpoints`, `${s.notes} notes`];
  const extra = [s.skipped && `${s.skipped} already here`, s.renamed && `${s.renamed} kept beside a different record of the same id`].filter(Boolean);
  return `imported ${parts.join(', ')}${extra.length ? ` (${extra.join('; ')})` : ''}`;
}

export function NotebookFile() {
  const ready = useNotebook((s) => s.db !== null);
  const exportFile = useNotebook((s) => s.exportFile);
  const importFile = useNotebook((s) => s.importFile);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const save = async () => {
    try {
      const bytes = await exportFile(selectNotebookSpec(useLab.getState()));
      saveFile(bytes, `notebook-${new Date().toISOString().slice(0, 10)}${NOTEBOOK_FILE_EXTENSION}`);
      setMessage({ error: false, text: `saved ${(bytes.length / 1024).toFixed(0)} kB` });
    } catch (e) {
      setMessage({ error: true, text: `could not save: ${(e as Error).message}` });
    }
  };

  const open = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.target;
    try {
      const [file] = await readFiles(input.files ?? [], DEFAULT_LIMITS.maxFileBytes);
      if (!file) return;
      const { contents, summary } = await importFile(file.bytes);
      if (contents.experiment) useLab.getState().loadSpec(contents.experiment.spec);
      await useLab.getState().reloadHistory(); // the imported runs join Run history
      // The latest open in their sections; should that fail, they are still in Run history.
      await useLab.getState().openImportedRuns(contents.runs).catch(() => undefined);
      setMessage({ error: false, text: describe(summary) });
    } catch (err) {
      setMessage({ error: true, text: `not imported: ${(err as Error).message}` });
    } finally {
      input.value = ''; // the same file can be chosen again
    }
  };

  return (
    <div className="notebook-file">
      <button type="button" className="secondary" data-testid="notebook-save" disabled={!ready} onClick={() => void save()}>Save notebook file</button>
      <FileButton label="Open…" testId="notebook-open" accept={NOTEBOOK_FILE_EXTENSION} disabled={!ready} onChange={(e) => void open(e)}
        title={`open a notebook file (${NOTEBOOK_FILE_EXTENSION})`} />
      {message && <span className={`notebook-file-message${message.error ? ' error' : ''}`} data-testid="notebook-file-message" role="status">{message.text}</span>}
    </div>
  );
}
