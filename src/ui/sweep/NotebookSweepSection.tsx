/**
 * The Sweep section as a notebook cell: every configuration starts from the notebook's current spec (or a sweep
 * link's or the stored sweep's own base) and runs in the sweep worker on the backend the page uses. The sweep is a
 * stored run (store/sweepStorage.ts): finished cells' reports are kept in IndexedDB, their SAE weights beside them,
 * and a reload shows the stored sweep, ready to continue. Clicking a finished row opens that configuration in the
 * notebook (store/sweepCellOpen.ts) and scrolls to the Stability section.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type SweepLinkRead, readSweepLink } from '../../share/sweepLink.ts';
import { useLab } from '../../store/lab.ts';
import { selectNotebookSpec } from '../../store/specSelectors.ts';
import { SweepSection } from './SweepSection.tsx';
import { workerSweepHost } from './workerRunCell.ts';

/** The fragment as the page was opened, before the address bar starts following the controls. */
const OPENED_HASH = typeof window === 'undefined' ? '' : window.location.hash;

export function NotebookSweepSection() {
  const notebook = useLab(selectNotebookSpec);
  const choice = useLab((s) => s.backend.choice);
  const recordId = useRef<string | null>(null); // the running sweep's stored record: its cells' weights go beside it
  const [resumed, setResumed] = useState<{ id: string; step: number } | null>(null);
  const [checkpointed, setCheckpointed] = useState<{ id: string; step: number } | null>(null);
  const host = useMemo(() => workerSweepHost(choice, {
    storedId: () => recordId.current,
    checkpointEverySec: () => useLab.getState().storage.checkpointEverySec,
    onResumed: (id, step) => setResumed({ id, step }),
    onCheckpointed: (id, step) => setCheckpointed({ id, step }),
  }), [choice]);
  const stored = useLab((s) => s.sweep.stored);
  const beginSweep = useLab((s) => s.beginSweep);
  const recordSweepCell = useLab((s) => s.recordSweepCell);
  const sweepProgress = useLab((s) => s.sweepProgress);
  const setSweepDraft = useLab((s) => s.setSweepDraft);
  const openSweepCell = useLab((s) => s.openSweepCell);
  const openNote = useLab((s) => s.sweep.openNote);
  const openCell = useCallback(async (id: string) => {
    await openSweepCell(id);
    if (useLab.getState().sweep.openNote?.ok) document.getElementById('section-stability')?.scrollIntoView();
  }, [openSweepCell]);
  const [linked, setLinked] = useState<SweepLinkRead | null>(null);
  useEffect(() => {
    let live = true;
    void readSweepLink(OPENED_HASH).then((read) => {
      if (!live || read === null) return;
      setLinked(read);
      requestAnimationFrame(() => document.getElementById('section-sweep')?.scrollIntoView());
    });
    return () => {
      live = false;
    };
  }, []);
  return (
    // The Stabilise section's methods stay in the base: the sweep keeps them only when it varies a stabiliser knob (sweepDraft.ts notebookSweepBase).
    <SweepSection index={8} base={notebook} runCell={host.runCell} runGroup={host.runGroup} linked={linked} stored={stored} resumed={resumed} checkpointed={checkpointed}
      onBegin={async (sweep) => void (recordId.current = await beginSweep(sweep))} onCellDone={recordSweepCell} onProgress={sweepProgress} onDraft={setSweepDraft}
      onOpen={(id) => void openCell(id)} openNote={openNote} />
  );
}
