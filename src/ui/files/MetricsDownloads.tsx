/** A section's numbers as CSV and JSON downloads (store/metricsTables.ts builds them from the section's state). */
import { toCsv } from '../../core/io/csv.ts';
import type { MetricsExport } from '../../store/metricsTables.ts';
import { saveFile } from './saveFile.ts';
import './files.css';

export function MetricsDownloads({ name, data }: { name: string; data: MetricsExport | null }) {
  return (
    <div className="file-downloads" data-testid={`${name}-downloads`}>
      <span>numbers:</span>
      <button type="button" className="link" data-testid={`${name}-csv`} disabled={!data}
        onClick={() => data && saveFile(toCsv(data.csv), `${name}.csv`, 'text/csv')}>CSV</button>
      <button type="button" className="link" data-testid={`${name}-json`} disabled={!data}
        onClick={() => data && saveFile(JSON.stringify(data.json, null, 1), `${name}.json`, 'application/json')}>JSON</button>
    </div>
  );
}
