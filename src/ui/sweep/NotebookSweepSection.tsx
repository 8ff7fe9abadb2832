/**
 * The Sweep section as a notebook cell: every configuration starts from the notebook's current spec and runs in the
 * sweep worker on the backend the page uses.
 */
import { useMemo } from 'react';
import { useLab } from '../../store/lab.ts';
import { selectNotebookSpec } from '../../store/specSelectors.ts';
import { SweepSection } from './SweepSection.tsx';
import { workerRunCell } from './workerRunCell.ts';

export function NotebookSweepSection() {
  const notebook = useLab(selectNotebookSpec);
  // Sweep cells train plain SAEs: the Stabilise section's methods stay out (a seed list of the sweep's could not hold them).
  const base = useMemo(() => (notebook?.stabilise ? { ...notebook, stabilise: undefined } : notebook), [notebook]);
  const choice = useLab((s) => s.backend.choice);
  const runCell = useMemo(() => workerRunCell(choice), [choice]);
  return <SweepSection index={8} base={base} runCell={runCell} />;
}
