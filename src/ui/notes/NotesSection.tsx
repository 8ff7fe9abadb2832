/**
 * Notebook section 6: notes. Markdown cells kept in this browser's storage (IndexedDB) with the runs; each belongs
 * to the notebook or to one stored run, and travels in the notebook file.
 */
import { useEffect } from 'react';
import { useNotebook } from '../../store/notebook.ts';
import { Section } from '../Section.tsx';
import { NoteCell } from './NoteCell.tsx';
import './notes.css';

export function NotesSection() {
  const open = useNotebook((s) => s.open);
  const notes = useNotebook((s) => s.notes);
  const ready = useNotebook((s) => s.db !== null);
  const error = useNotebook((s) => s.storageError);
  const addNote = useNotebook((s) => s.addNote);
  useEffect(() => void open(), [open]);
  return (
    <Section id="notes" index={6} title="Notes" status={error ? 'error' : 'idle'} statusDetail={error}
      purpose="What you tried and what you saw, in markdown. Saved in this browser as you save each note, and carried by the notebook file.">
      <div className="notes" data-testid="notes">
        {notes.map((n) => <NoteCell key={n.id} note={n} />)}
      </div>
      <button type="button" className="secondary" data-testid="note-add" disabled={!ready} onClick={() => void addNote()}>Add a note</button>
    </Section>
  );
}
