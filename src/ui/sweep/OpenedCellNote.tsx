/**
 * The status line of the SAE, Stability and Features sections while they show a sweep cell opened from the Sweep section's
 * results table (store/sweepCellOpen.ts): which sweep and cell, and where its transformer came from.
 */
import { useLab } from '../../store/lab.ts';
import { cellLabel } from '../../store/sweepCellOpen.ts';

export function OpenedCellNote({ section }: { section: 'saes' | 'stability' | 'features' }) {
  const opened = useLab((s) => s.saes.openedCell);
  if (!opened) return null;
  const transformer = opened.retrained
    ? "the transformer trained again here from the cell's seeded spec (a sweep does not store its transformers)"
    : "the notebook's finished transformer of the cell's spec";
  return (
    <p className="field-help opened-cell" role="status" data-testid={`${section}-opened-cell`} data-cell={opened.cellId}>
      Showing {cellLabel(opened)}: its SAEs as the sweep stored them, analysed on {transformer}.
    </p>
  );
}
