/** Two stored comparison runs side by side, arm by arm (armDiff.ts): what changed in each method's held-out stability and price. */
import type { RunRecordOf } from '../../storage/schema.ts';
import { type ArmSide, armDiff } from './armDiff.ts';
import { f3, signed } from '../../core/format.ts';

function Side({ side }: { side: ArmSide | null }) {
  if (!side) return <><td>—</td><td>—</td><td>—</td><td>—</td></>;
  const gain = side.gain ? `${signed(side.gain.value)} over ${side.gain.over}${side.gain.credited ? ' (credited)' : ''}` : '—';
  return <><td>{f3(side.pwmccMax)}</td><td>{signed(side.excess)}</td><td>{gain}</td><td>{f3(side.fvu)}</td></>;
}

export function ArmComparison({ runs }: { runs: [RunRecordOf<'stabilise'>, RunRecordOf<'stabilise'>] }) {
  const [a, b] = runs.map((r) => r.summary);
  if (!a || !b || a.rows.length === 0 || b.rows.length === 0) {
    const which = runs.filter((r) => !r.summary || r.summary.rows.length === 0).map((r) => `"${r.name}"`).join(' and ');
    return <p className="empty-note" data-testid="compare-arms-missing">{which} finished no arm yet: only the specs are compared. Continue it in the Stabilise section to fill its table.</p>;
  }
  const rows = armDiff(a, b);
  const head = ['PWMCC max', 'excess', 'gain', 'FVU'];
  return (
    <div className="nulls-table-wrap">
      <table className="nulls-table" data-testid="compare-arms">
        <caption>Each arm in A and in B: held-out PWMCC (max-cosine form), its excess over the strongest null of its own run, its gain over the row it must beat, and its reconstruction (FVU). Δ is B − A.</caption>
        <thead>
          <tr><th scope="col" rowSpan={2}>arm</th><th scope="colgroup" colSpan={4}>A</th><th scope="colgroup" colSpan={4}>B</th><th scope="col" rowSpan={2}>Δ PWMCC max</th></tr>
          <tr>{[...head, ...head].map((h, i) => <th key={i} scope="col">{h}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label} data-testid="compare-arm" data-label={r.label} data-role={r.role}>
              <th scope="row">{r.label}</th>
              <Side side={r.a} />
              <Side side={r.b} />
              <td data-testid="compare-arm-delta">{signed(r.delta)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
