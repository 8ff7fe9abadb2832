/** The generated Phase 3 report (issue 16): runs' report.json in, a self-contained HTML page and a Markdown twin out. */
export { buildReport } from './build.ts';
export { renderHtml } from './html.ts';
export { renderMarkdown, type MarkdownReport } from './markdown.ts';
export type { ExternalTable, ReportDoc, ReportInput, ReportRun } from './model.ts';
