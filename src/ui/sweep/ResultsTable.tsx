/**
 * The sweep's results table: one row per configuration, seeds aggregated, every stability form beside its strongest
 * null and the excess over it (docs/scale.md). Sort by any column, filter by setting, pin rows to the top, and open a
 * row (the host shows that configuration in the stability and features sections).
 */
import { useState } from 'react';
import type { AgainstNull, Spread, SweepRow } from '../../core/sweep/results.ts';
import { formatDuration } from '../format.ts';
import { DEFAULT_VIEW, type SortKey, sortBy, togglePin, viewRows } from './resultsView.ts';
import { f3, signed } from '../../core/format.ts';

const spread = (s: Spread) => (s.mean === null ? '—' : <>{f3(s.mean)} <small>± {f3(s.std)}</small></>);
const versus = (a: AgainstNull) => (a.mean === null ? '—' : (
  <span title={`${a.null} null: ${f3(a.nullMean)}`}>
    {f3(a.mean)} <small>vs {f3(a.nullMean)} ({a.null})</small> <b className={a.excess !== null && a.excess > 0 ? 'sweep-above' : 'sweep-below'}>{signed(a.excess)}</b>
  </span>
));

const COLUMNS: [SortKey, string, string][] = [
  ['id', 'configuration', 'the cell: the settings it changes'],
  ['fvu', 'FVU', 'fraction of variance unexplained, mean ± std over seeds'],
  ['l0', 'L0', 'active latents per input'],
  ['deadFraction', 'dead', 'share of latents that never fire'],
  ['pwmccMaxExcess', 'PWMCC (max-cosine)', 'the plan\'s metric against its strongest null, and the excess over it'],
  ['pwmccOneToOneExcess', 'PW-MCC (one-to-one)', 'Song et al. 2025, against its strongest null'],
  ['sharedFractionExcess', 'shared fraction', 'Paulo & Belrose 2025, against its strongest null'],
  ['fourierShare', 'Fourier share', 'share of live latents that pass the Fourier test'],
  ['stableFourier', 'stable ∩ Fourier', 'latents both stable and Fourier (summed over seeds; share of live latents)'],
  ['wallSeconds', 'time', 'SAE training and analysis of the cell'],
];

/** Shown only when some row compares a stabiliser with plain training (a stabiliser sweep cell); plain rows show —. */
const STABILISER_COLUMNS: [SortKey, string, string][] = [
  ['gainOverPlain', 'gain over plain', 'max-cosine PWMCC of the method minus plain training\'s; ✓ credited (beats the strongest null and its baseline by the margin, still reconstructs)'],
  ['gainOverSharedInit', 'gain over shared init', 'max-cosine PWMCC of the method minus plain training with every seed starting from the same weights'],
  ['fvuPrice', 'FVU price', 'the method\'s FVU minus plain training\'s'],
];

/** `opened`: the configuration last opened from this table (marked), `note` what became of that click. */
export function ResultsTable({ rows, missing, onOpen, opened, note }: {
  rows: SweepRow[]; missing: string[]; onOpen?: (id: string) => void; opened?: string | null; note?: { text: string; ok: boolean } | null;
}) {
  const [view, setView] = useState(DEFAULT_VIEW);
  const shown = viewRows(rows, view);
  const stabilised = rows.some((r) => r.stabiliser);
  const columns = stabilised ? [...COLUMNS, ...STABILISER_COLUMNS] : COLUMNS;
  return (
    <div className="sweep-results">
      <label className="field sweep-filter">
        <span className="field-label">Filter</span>
        <input className="field-input" data-testid="sweep-filter" value={view.filter} placeholder="e.g. k-8 lr"
          onChange={(e) => setView({ ...view, filter: e.target.value })} />
      </label>
      <div className="nulls-table-wrap">
        <table className="nulls-table sweep-table" data-testid="sweep-table" data-rows={rows.length}>
          <caption>{rows.length} of {rows.length + missing.length} configurations finished; click a column to sort, ☆ to pin{onOpen ? ', a configuration to open it in the Stability and Features sections' : ''}</caption>
          <thead>
            <tr>
              <th scope="col"><span className="visually-hidden">pin</span></th>
              {columns.map(([key, label, title]) => (
                <th key={key} scope="col" title={title} aria-sort={view.sort === key ? (view.descending ? 'descending' : 'ascending') : 'none'}>
                  <button type="button" data-testid={`sweep-sort-${key}`} onClick={() => setView(sortBy(view, key))}>
                    {label}{view.sort === key ? (view.descending ? ' ▼' : ' ▲') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id} data-testid="sweep-row" data-id={r.id} data-verdict={r.verdict ?? ''}
                className={view.pinned.includes(r.id) ? 'sweep-pinned' : undefined}>
                <td>
                  <button type="button" aria-pressed={view.pinned.includes(r.id)} aria-label={`pin ${r.id}`}
                    onClick={() => setView(togglePin(view, r.id))}>{view.pinned.includes(r.id) ? '★' : '☆'}</button>
                </td>
                <th scope="row">
                  {onOpen ? (
                    <button type="button" className="link" data-testid="sweep-open-cell" aria-current={opened === r.id || undefined}
                      title="open this configuration in the Stability and Features sections" onClick={() => onOpen(r.id)}>{r.id}</button>
                  ) : r.id}
                  <small> {r.seeds} seeds</small>
                </th>
                <td>{spread(r.fvu)}</td>
                <td>{spread(r.l0)}</td>
                <td>{spread(r.deadFraction)}</td>
                <td data-excess={r.pwmccMax.excess ?? ''} data-mean={r.pwmccMax.mean ?? ''}>{versus(r.pwmccMax)}</td>
                <td>{versus(r.pwmccOneToOne)}</td>
                <td>{versus(r.sharedFraction)}</td>
                <td>{spread(r.fourierShare)}</td>
                <td>{r.stableFourier === null ? '—' : <>{r.stableFourier} <small>({f3(r.stableFourierShare)})</small></>}</td>
                <td>{formatDuration(r.wallSeconds)}</td>
                {stabilised && (
                  <>
                    <td data-testid="sweep-gain" data-credited={r.stabiliser?.credited ?? ''}>
                      {signed(r.stabiliser?.gainOverPlain ?? null)}{r.stabiliser?.credited ? <b title="credited"> ✓</b> : null}
                    </td>
                    <td>{signed(r.stabiliser?.gainOverSharedInit ?? null)}</td>
                    <td>{signed(r.stabiliser?.fvuPrice ?? null)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {note && <p className={note.ok ? 'field-help' : 'field-error'} role="status" data-testid="sweep-open-note" data-ok={note.ok}>{note.text}</p>}
      {missing.length > 0 && <p className="field-help" data-testid="sweep-missing">Not finished: {missing.join(', ')}</p>}
    </div>
  );
}
