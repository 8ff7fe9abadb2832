/**
 * The Sweep section as a notebook cell: every configuration starts from the notebook's current spec (or a sweep
 * link's own base) and runs in the sweep worker on the backend the page uses.
 */
import { useEffect, useMemo, useState } from 'react';
import { type SweepLinkRead, readSweepLink } from '../../share/sweepLink.ts';
import { useLab } from '../../store/lab.ts';
import { selectNotebookSpec } from '../../store/specSelectors.ts';
import { SweepSection } from './SweepSection.tsx';
import { workerSweepHost } from './workerRunCell.ts';

/** The fragment as the page was opened, before the address bar starts following the controls. */
const OPENED_HASH = typeof window === 'undefined' ? '' : window.location.hash;

export function NotebookSweepSection() {
  const notebook = useLab(selectNotebookSpec);
  // Sweep cells train plain SAEs: the Stabilise section's methods stay out (a seed list of the sweep's could not hold them).
  const base = useMemo(() => (notebook?.stabilise ? { ...notebook, stabilise: undefined } : notebook), [notebook]);
  const choice = useLab((s) => s.backend.choice);
  const host = useMemo(() => workerSweepHost(choice), [choice]);
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
  return <SweepSection index={8} base={base} runCell={host.runCell} runGroup={host.runGroup} linked={linked} />;
}
