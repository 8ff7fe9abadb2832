import type { Comparison, ComparisonRow } from './controls.ts';
import { f3, signed } from '../format.ts';

/**
 * The comparison table's text (issue 14), one function for every reader: the CLI's stabilise.md, the report's
 * question 5 and the page's Stabilise section show the same cells.
 */

/** The comparison table as header and rows of text (the Markdown below and the Phase 3 report's question 5). */
export function comparisonCells(c: Comparison): { head: string[]; rows: string[][] } {
  const head = ['arm', 'role', 'held out', 'PWMCC max', 'excess', 'PW-MCC 1:1', 'excess', 'shared', 'gain over baseline', 'FVU', 'L0', 'dead', 'Fourier share', 'stable ∩ Fourier'];
  const row = (r: ComparisonRow) => [
    r.label, r.role, r.heldOut ? 'yes' : 'no', `${f3(r.pwmccMax.mean)} ± ${f3(r.pwmccMax.std)}`, signed(r.excess.pwmccMax),
    f3(r.pwmccOneToOne.mean), signed(r.excess.pwmccOneToOne), f3(r.sharedFraction?.mean),
    r.gain ? `${signed(r.gain.pwmccMax)} over ${r.gain.over}${r.gain.credited ? ' (credited)' : ''}` : '—',
    f3(r.price.fvu.mean), r.price.l0.mean.toFixed(1), f3(r.price.deadFraction.mean), f3(r.price.fourierShare?.mean), f3(r.price.stableFourier?.mean),
  ];
  return { head, rows: c.rows.map(row) };
}

/** The strongest null's sentence under the table. */
export function againstSentence(c: Comparison): string {
  const strongest = c.rows.find((r) => r.verdict)?.verdict;
  return strongest ? `Excess is over the strongest null (${strongest.label}).` : 'No null was given.';
}

/** The comparison table as Markdown: one row per arm, the answer sentence under it. */
export function comparisonMarkdown(c: Comparison): string {
  const { head, rows } = comparisonCells(c);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), '|' + ' --- |'.repeat(head.length), ...rows.map(line), '', againstSentence(c), '', c.answer, ''].join('\n');
}
