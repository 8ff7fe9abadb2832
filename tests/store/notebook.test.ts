import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../src/core/spec/experiment.ts';
import { openLabDb } from '../../src/storage/db.ts';
import { NotebookFileError } from '../../src/storage/notebookFile.ts';
import { createNotebookStore } from '../../src/store/notebook.ts';

let n = 0;
const storeOn = (name: string) => createNotebookStore(() => openLabDb({ name }));

describe('notes and the notebook file in the page store', () => {
  it('keep added, edited and deleted notes in storage: a new page on the same store sees them', async () => {
    const name = `notebook-store-${++n}`;
    const a = storeOn(name);
    await a.getState().open();
    await a.getState().addNote();
    const id = a.getState().editing!;
    await a.getState().saveNote(id, '# Result\n\nPWMCC **0.39**', null);
    await a.getState().addNote();
    await a.getState().deleteNote(a.getState().editing!);
    expect(a.getState().editing).toBeNull();
    const b = storeOn(name); // a reload
    await b.getState().open();
    expect(b.getState().notes.map((x) => x.markdown)).toEqual(['# Result\n\nPWMCC **0.39**']);
    a.getState().db!.close();
    b.getState().db!.close();
  });

  it('export the notebook with the controls\' spec; another store imports it, a bad file changes nothing', async () => {
    const a = storeOn(`notebook-store-${++n}`);
    await a.getState().open();
    await a.getState().addNote();
    await a.getState().saveNote(a.getState().editing!, 'carried over', null);
    const bytes = await a.getState().exportFile(presetSpec('tiny'));
    const b = storeOn(`notebook-store-${++n}`);
    await b.getState().open();
    await expect(b.getState().importFile(bytes.slice(0, 100))).rejects.toThrow(NotebookFileError);
    expect(b.getState().notes).toEqual([]);
    const { contents } = await b.getState().importFile(bytes);
    expect(contents.experiment?.spec).toEqual(presetSpec('tiny'));
    expect(b.getState().notes).toEqual(a.getState().notes);
    a.getState().db!.close();
    b.getState().db!.close();
  });
});
