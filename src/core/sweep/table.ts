import { ROWS_VERSION, type AgainstNull, type Spread, type SweepRow } from './results.ts';

/**
 * The results table as files: results.json (`{rowsVersion, name, rows: [...]}`, the rows as results.ts defines them)
 * and results.csv (one flat line per row, for spreadsheets and pandas). Empty cells in the CSV are values a
 * configuration does not have (stability with one seed; a plain row's stabiliser gains).
 */

export interface ResultsJson {
  rowsVersion: typeof ROWS_VERSION;
  name: string;
  /** Cells without a finished report when the table was written. */
  missing: string[];
  rows: SweepRow[];
}

export const resultsJson = (name: string, rows: SweepRow[], missing: string[] = []): string =>
  JSON.stringify({ rowsVersion: ROWS_VERSION, name, missing, rows } satisfies ResultsJson, null, 2) + '\n';

type Column = [header: string, value: (r: SweepRow) => string | number | null];

const spreadColumns = (name: string, pick: (r: SweepRow) => Spread): Column[] => [
  [`${name}_mean`, (r) => pick(r).mean],
  [`${name}_std`, (r) => pick(r).std],
];

const nullColumns = (name: string, pick: (r: SweepRow) => AgainstNull): Column[] => [
  ...spreadColumns(name, pick),
  [`${name}_null`, (r) => pick(r).null],
  [`${name}_null_mean`, (r) => pick(r).nullMean],
  [`${name}_excess`, (r) => pick(r).excess],
];

/** Setting fields over all rows, in the order they first appear (rows hold them in canonical order). */
export function settingFields(rows: SweepRow[]): string[] {
  const out: string[] = [];
  for (const r of rows) for (const f of Object.keys(r.setting)) if (!out.includes(f)) out.push(f);
  return out;
}

export function csvColumns(rows: SweepRow[]): Column[] {
  return [
    ['id', (r) => r.id],
    ...settingFields(rows).map((f): Column => [f, (r) => r.setting[f as keyof SweepRow['setting']] ?? null]),
    ['seeds', (r) => r.seeds],
    ...spreadColumns('fvu', (r) => r.fvu),
    ...spreadColumns('l0', (r) => r.l0),
    ...spreadColumns('dead_fraction', (r) => r.deadFraction),
    ...nullColumns('pwmcc_max', (r) => r.pwmccMax),
    ...nullColumns('pwmcc_one_to_one', (r) => r.pwmccOneToOne),
    ...nullColumns('shared_fraction', (r) => r.sharedFraction),
    ['verdict', (r) => r.verdict],
    ...spreadColumns('fourier_share', (r) => r.fourierShare),
    ['stable_fourier', (r) => r.stableFourier],
    ['stable_fourier_share', (r) => r.stableFourierShare],
    ['wall_seconds', (r) => r.wallSeconds],
    // Only when some row compares a stabiliser: a plain sweep's CSV keeps its columns.
    ...(rows.some((r) => r.stabiliser) ? stabiliserColumns : []),
  ];
}

/** A stabiliser cell's columns (results.ts StabiliserColumns); empty in plain rows. */
const stabiliserColumns: Column[] = [
  ['stabiliser_arm', (r) => r.stabiliser?.arm ?? null],
  ['gain_over_plain', (r) => r.stabiliser?.gainOverPlain ?? null],
  ['gain_over_shared_init', (r) => r.stabiliser?.gainOverSharedInit ?? null],
  ['gain_over', (r) => r.stabiliser?.gainOver ?? null],
  ['gain_margin', (r) => r.stabiliser?.margin ?? null],
  ['gain_credited', (r) => (r.stabiliser?.credited === undefined || r.stabiliser.credited === null ? null : String(r.stabiliser.credited))],
  ['fvu_price', (r) => r.stabiliser?.fvuPrice ?? null],
];

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function resultsCsv(rows: SweepRow[]): string {
  const columns = csvColumns(rows);
  const lines = [columns.map(([h]) => csvField(h)).join(',')];
  for (const r of rows) lines.push(columns.map(([, value]) => csvField(value(r))).join(','));
  return lines.join('\n') + '\n';
}
