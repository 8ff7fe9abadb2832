/**
 * The comparison table: the same cells as `npm run stabilise`'s stabilise.md (core/stabilise/table.ts), one row per
 * arm, then the nulls the excess columns are measured against, the strongest one marked.
 */
import { NULL_NAMES } from '../../core/analysis/nullNames.ts';
import type { StabiliseRecord } from '../../core/stabilise/record.ts';
import { againstSentence, comparisonCells } from '../../core/stabilise/table.ts';

export function ComparisonTable({ record }: { record: StabiliseRecord }) {
  const { head, rows } = comparisonCells(record);
  const strongest = record.rows.find((r) => r.verdict)?.verdict?.against;
  return (
    <div className="nulls-table-wrap">
      <table className="nulls-table stabilise-table" data-testid="stabilise-table">
        <caption>Every arm with the same seeds on the same activations; excess is over the strongest null, the price beside it</caption>
        <thead>
          <tr>{head.map((h, i) => <th key={i} scope="col">{h}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((cells, i) => {
            const r = record.rows[i];
            return (
              <tr key={r.label} data-testid="stabilise-row" data-label={r.label} data-role={r.role} title={r.note}
                className={`stabilise-${r.role}${r.gain?.credited ? ' stabilise-credited' : ''}`}>
                <th scope="row">{cells[0]}</th>
                {cells.slice(1).map((c, j) => <td key={j}>{c}</td>)}
              </tr>
            );
          })}
        </tbody>
      </table>
      <table className="nulls-table stabilise-nulls" data-testid="stabilise-nulls">
        <caption>{againstSentence(record)} The nulls, on these activations:</caption>
        <thead>
          <tr><th scope="col">null</th><th scope="col">PWMCC max</th><th scope="col">PW-MCC 1:1</th></tr>
        </thead>
        <tbody>
          {NULL_NAMES.filter((n) => record.nulls[n]).map((n) => {
            const x = record.nulls[n]!;
            return (
              <tr key={n} data-testid="stabilise-null" data-null={n} data-strongest={n === strongest} className={n === strongest ? 'nulls-strongest' : undefined}>
                <th scope="row">{n}{n === strongest && ' (strongest)'}<small>{x.label}</small></th>
                <td>{x.pwmccMax.mean.toFixed(3)}</td>
                <td>{x.pwmccOneToOne.mean.toFixed(3)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
