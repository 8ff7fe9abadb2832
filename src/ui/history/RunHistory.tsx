/** The notebook's run history: every stored run, newest first, to open, rename, delete or compare. */
import { useMemo } from 'react';
import { useLab } from '../../store/lab.ts';
import type { RunRecord } from '../../storage/schema.ts';
import { Section } from '../Section.tsx';
import { CompareRuns } from './CompareRuns.tsx';
import { RunRow } from './RunRow.tsx';

export function RunHistory() {
  const stored = useLab((s) => s.storage.runs);
  // Newest start first: a rename or a checkpoint must not reorder the table under the user's pointer.
  const runs = useMemo(() => [...stored].sort((a, b) => b.createdAt - a.createdAt), [stored]);
  const status = useLab((s) => s.storage.status);
  const compare = useLab((s) => s.storage.compare);
  const pair = useMemo(() => {
    const picked = compare.map((id) => runs.find((r) => r.id === id)).filter((r): r is RunRecord => r !== undefined);
    return picked.length === 2 ? (picked as [RunRecord, RunRecord]) : null;
  }, [compare, runs]);

  return (
    <Section id="history" index={7} title="Run history"
      purpose="Every run this browser keeps, with its spec, curves and last checkpoint. Open one to bring it back into its section; tick two to compare them."
      status="idle" statusDetail={status === 'ready' ? `${runs.length} stored run${runs.length === 1 ? '' : 's'}` : null}>
      {runs.length === 0 ? (
        <p className="empty-note" data-testid="history-empty">
          {status === 'ready' ? 'No runs stored yet: every run you start is kept here.' : 'Runs are not being stored in this browser.'}
        </p>
      ) : (
        <table className="history-table" data-testid="history-table">
          <thead>
            <tr><th><span className="visually-hidden">compare</span></th><th>name</th><th>kind</th><th>status</th><th>steps</th><th>backend</th><th>started</th><th>final</th><th><span className="visually-hidden">actions</span></th></tr>
          </thead>
          <tbody>{runs.map((run) => <RunRow key={run.id} run={run} />)}</tbody>
        </table>
      )}
      {compare.length === 1 && <p className="run-hint" data-testid="compare-hint">Tick one more run to compare.</p>}
      {pair && <CompareRuns runs={pair} />}
    </Section>
  );
}
