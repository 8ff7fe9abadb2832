/** Questions 2 and 5: tables another tool made (a sweep, stabilisers), or "not run" with what would run them. */
import type { Block, ExternalTable, Section } from '../model.ts';
import { STABILISER_COMMAND, SWEEP_COMMAND } from '../commands.ts';

const cell = (v: string | number | null) => (v === null ? '—' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : v);

function tableSection(id: string, title: string, what: string, table: ExternalTable | null | undefined, command: string): Section {
  if (!table || table.rows.length === 0) {
    return { id, title, status: 'not run', blocks: [{ kind: 'notRun', what: `${what}: not run.`, command }] };
  }
  const blocks: Block[] = [
    ...(table.answer ? [{ kind: 'text', text: table.answer } as Block] : []),
    { kind: 'table', caption: `${what} (made by: ${table.command})`, head: table.head, rows: table.rows.map((r) => r.map(cell)) },
    ...(table.figure ? [{ kind: 'figure', ...table.figure } as Block] : []),
  ];
  return { id, title, status: 'answered', blocks };
}

export const sweepSection = (t: ExternalTable | null | undefined): Section =>
  tableSection('q2-sweep', '2. Can hyperparameters improve the Fourier share and stability?', 'A hyperparameter sweep', t, SWEEP_COMMAND);

export const stabiliserSection = (t: ExternalTable | null | undefined): Section =>
  tableSection('q5-stabilisers', '5. Can training make SAEs stable?', 'Stability-promoting training with its controls', t, STABILISER_COMMAND);
