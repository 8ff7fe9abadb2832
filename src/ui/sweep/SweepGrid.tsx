/**
 * A metric over two axes at a glance (the PAIR grokking explorable's sweep grid): one square per pair of values, its
 * colour the outcome — above the strongest null (green, darker the larger the excess) or not (grey) — and its number
 * the metric. Cells the other axes split are averaged; a pair not run yet is blank.
 */
import type { SweepField, SweepValue } from '../../core/sweep/spec.ts';
import type { SweepRow } from '../../core/sweep/results.ts';
import { gridCells } from './gridCells.ts';

export function SweepGrid({ rows, x, y }: { rows: SweepRow[]; x: SweepField; y: SweepField }) {
  const grid = gridCells(rows, x, y);
  const colour = (excess: number | null) => {
    if (excess === null) return 'transparent';
    if (excess <= 0) return '#e5e7eb';
    return `rgba(22, 163, 74, ${Math.min(1, 0.25 + excess * 3).toFixed(2)})`;
  };
  const label = (v: SweepValue) => String(v);
  return (
    <table className="sweep-grid" data-testid="sweep-grid" aria-label={`PWMCC excess over the strongest null by ${y} and ${x}`}>
      <thead>
        <tr>
          <th scope="col">{y} \ {x}</th>
          {grid.xs.map((v) => <th key={label(v)} scope="col">{label(v)}</th>)}
        </tr>
      </thead>
      <tbody>
        {grid.ys.map((yv, j) => (
          <tr key={label(yv)}>
            <th scope="row">{label(yv)}</th>
            {grid.xs.map((xv, i) => {
              const c = grid.cells[j][i];
              return (
                <td key={label(xv)} data-testid="sweep-grid-cell" data-excess={c?.excess ?? ''} style={{ background: colour(c?.excess ?? null) }}
                  title={c ? `PWMCC ${c.value.toFixed(3)}, excess ${c.excess === null ? '—' : c.excess.toFixed(3)} over ${c.runs} configuration(s)` : 'not run yet'}>
                  {c ? c.value.toFixed(3) : ''}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
