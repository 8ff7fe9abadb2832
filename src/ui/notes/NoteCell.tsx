/** One note: its markdown rendered (safely, Markdown.tsx) with Edit and Delete, or a text box while edited. */
import { useState } from 'react';
import { useLab } from '../../store/lab.ts';
import { useNotebook } from '../../store/notebook.ts';
import type { NoteRecord, RunRecord } from '../../storage/schema.ts';
import { Markdown } from './Markdown.tsx';

const runLabel = (runs: RunRecord[], id: string | null) =>
  id === null ? 'notebook' : (runs.find((r) => r.id === id)?.name ?? 'a deleted run');

function NoteEditor({ note, runs }: { note: NoteRecord; runs: RunRecord[] }) {
  const saveNote = useNotebook((s) => s.saveNote);
  const setEditing = useNotebook((s) => s.setEditing);
  const [text, setText] = useState(note.markdown);
  const [runId, setRunId] = useState(note.runId);
  return (
    <div className="note-editor">
      <textarea data-testid="note-input" value={text} rows={Math.min(20, Math.max(4, text.split('\n').length + 1))} autoFocus
        placeholder="Markdown: # heading, **bold**, *italic*, `code`, - list, [link](https://…)" onChange={(e) => setText(e.target.value)} />
      <div className="note-actions">
        <label>on <select data-testid="note-run" value={runId ?? ''} onChange={(e) => setRunId(e.target.value || null)}>
          <option value="">the notebook</option>
          {runs.map((r) => <option key={r.id} value={r.id}>{r.kind} run: {r.name}</option>)}
        </select></label>
        <button type="button" className="secondary" data-testid="note-save" onClick={() => void saveNote(note.id, text, runId)}>Save</button>
        <button type="button" className="link" onClick={() => setEditing(null)}>Cancel</button>
      </div>
    </div>
  );
}

export function NoteCell({ note }: { note: NoteRecord }) {
  const runs = useLab((s) => s.storage.runs); // Run history's list: it follows every stored run as it is made or renamed
  const editing = useNotebook((s) => s.editing === note.id);
  const setEditing = useNotebook((s) => s.setEditing);
  const deleteNote = useNotebook((s) => s.deleteNote);
  return (
    <article className="note" data-testid="note" data-note-id={note.id}>
      <header className="note-head">
        <span className="note-run" data-testid="note-attached">{runLabel(runs, note.runId)}</span>
        <span className="note-time">{new Date(note.updatedAt).toLocaleString()}</span>
        {!editing && <button type="button" className="link" data-testid="note-edit" onClick={() => setEditing(note.id)}>Edit</button>}
        <button type="button" className="link" data-testid="note-delete" onClick={() => void deleteNote(note.id)}>Delete</button>
      </header>
      {editing ? <NoteEditor note={note} runs={runs} />
        : note.markdown.trim() ? <Markdown source={note.markdown} testId="note-view" />
        : <p className="empty-note">empty note — Edit to write</p>}
    </article>
  );
}
