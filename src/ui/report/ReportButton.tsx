/**
 * Report (issue 16): builds the Phase 3 report from the notebook's run and opens it in a new tab, with Download
 * HTML / Download Markdown / Download report.json (its input, for `npm run report`) / Print above it. The report itself is the same self-contained HTML the CLI writes; the
 * toolbar is added from this page (the report holds no script) and is hidden when printing.
 */
import { version as APP_VERSION } from '../../../package.json';
import { makeFragment } from '../../share/link.ts';
import { buildReport, renderHtml, renderMarkdown } from '../../report/index.ts';
import type { ReportRun } from '../../report/model.ts';
import { stabiliserTable } from '../../report/stabiliserTable.ts';
import { useLab } from '../../store/lab.ts';
import { labReport } from './labReport.ts';

function download(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function reportRuns(): Promise<ReportRun[]> {
  const report = labReport(useLab.getState(), new Date().toISOString());
  if (!report) return [];
  let shareLink: string | undefined;
  try {
    shareLink = `${location.origin}${location.pathname}#${await makeFragment(report.spec)}`;
  } catch {
    shareLink = undefined; // a spec the link cannot carry: Methods says how to load it instead
  }
  return [{ report, source: 'this notebook (the page)', ...(shareLink ? { shareLink } : {}) }];
}

function addToolbar(tab: Window, html: string, markdown: string, runs: ReportRun[]): void {
  const doc = tab.document;
  const bar = doc.createElement('div');
  bar.className = 'report-toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'report');
  const actions: [string, string, () => void][] = [
    ['Download HTML', 'report-download-html', () => download(html, 'phase3-report.html', 'text/html')],
    ['Download Markdown', 'report-download-md', () => download(markdown, 'phase3-report.md', 'text/markdown')],
    // The report's input: `npm run report -- DIR` on a folder holding it builds the same questions' sections.
    ...(runs[0] ? [['Download report.json', 'report-download-json', () => download(JSON.stringify(runs[0].report, null, 2), 'report.json', 'application/json')] as [string, string, () => void]] : []),
    ['Print', 'report-print', () => tab.print()],
  ];
  for (const [label, testId, act] of actions) {
    const button = doc.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.dataset.testid = testId;
    button.addEventListener('click', act);
    bar.append(button);
  }
  doc.body.prepend(bar);
}

export function ReportButton() {
  const open = async () => {
    const tab = window.open('', '_blank'); // opened inside the click, before any await, so no popup blocker stops it
    if (!tab) return;
    const runs = await reportRuns();
    const comparison = useLab.getState().stabilise.record;
    const stabilisers = comparison ? stabiliserTable(comparison, 'the page\'s Stabilise section (its Download stabilise.json)') : null;
    const doc = buildReport({ runs, stabilisers, appVersion: APP_VERSION, generatedBy: 'the page\'s Report button' });
    const html = renderHtml(doc);
    tab.document.open();
    tab.document.write(html);
    tab.document.close();
    addToolbar(tab, html, renderMarkdown(doc, 'phase3-report', true).markdown, runs);
  };
  return (
    <button type="button" className="secondary" data-testid="report-open" onClick={() => void open()}
      title="The Phase 3 report of this notebook's run, in a new tab (HTML, Markdown, print)">Report</button>
  );
}
