/**
 * The report as data: what goes in (runs' report.json, optional sweep / stabiliser tables) and the document the
 * sections build (blocks), which html.ts and markdown.ts render. Nothing here reads a clock or a file: the same
 * input gives the same document on the page and in the CLI.
 */
import type { ExperimentReport } from '../core/report.ts';
import type { Chart } from './chart.ts';
import { f3, signed } from '../core/format.ts';

export { f3, signed };

/** One run of `npm run experiment` (or the page's notebook), as its report.json holds it. */
export interface ReportRun {
  report: ExperimentReport;
  /** Where it came from, e.g. the CLI folder; shown in Methods. */
  source: string;
  /** The command that reproduces it; a default is built from the spec when absent. */
  command?: string;
  /** The page link that reruns the spec (`…#spec=1.…`), when the caller could make one. */
  shareLink?: string;
  /** With a loaded transformer: the report of the run that trained it (its grokking history), when found beside it. */
  transformerRun?: ExperimentReport;
}

/** A results table from another tool (sweep, stabilisers): rows as the tool wrote them. */
export interface ExternalTable {
  answer?: string;
  head: string[];
  rows: (string | number | null)[][];
  /** What made it. */
  command: string;
  /** A figure drawn from the same rows (the sweep's grid). */
  figure?: { id: string; caption: string; chart: Chart };
}

export interface ReportInput {
  runs: ReportRun[];
  sweep?: ExternalTable | null;
  stabilisers?: ExternalTable | null;
  /** The lab's version (package.json). */
  appVersion: string;
  /** The command or action that made this document. */
  generatedBy: string;
}

/** A table cell; `key` ("<run index>:<report.json path>") marks a number taken from a run, for tests and readers. */
export type Cell = string | { text: string; key: string };

export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; caption: string; head: string[]; rows: Cell[][] }
  | { kind: 'figure'; id: string; caption: string; chart: Chart }
  | { kind: 'notRun'; what: string; command: string; link?: string }
  | { kind: 'code'; caption: string; text: string }
  | { kind: 'subhead'; text: string };

export interface Section {
  id: string;
  title: string;
  /** Plan questions are answered, partly answered, or not run. */
  status?: 'answered' | 'partial' | 'not run';
  blocks: Block[];
}

export interface ReportDoc {
  title: string;
  subtitle: string;
  sections: Section[];
}

export const pct = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(100 * x).toFixed(digits)} %`);
export const meanStd = (s: { mean: number; std: number }): string => `${f3(s.mean)} ± ${f3(s.std)}`;
/** A number cell tied to its place in run `i`'s report.json. */
export const num = (i: number, path: string, text: string): Cell => ({ text, key: `${i}:${path}` });
export const cellText = (c: Cell): string => (typeof c === 'string' ? c : c.text);
